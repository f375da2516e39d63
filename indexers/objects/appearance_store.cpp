#include "indexers/objects/appearance_store.hpp"

namespace footage::indexers::objects {

namespace {

constexpr std::string_view kMigrations[] = {R"sql(
    CREATE TABLE object_appearance (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        track INTEGER NOT NULL,
        upper_color TEXT NOT NULL,
        lower_color TEXT NOT NULL,
        descriptor BLOB NOT NULL,
        PRIMARY KEY (recording_id, track)
    ) WITHOUT ROWID;
    UPDATE recordings SET indexers = trim(replace(',' || indexers || ',', ',objects,', ','), ',')
        WHERE ',' || indexers || ',' LIKE '%,objects,%';
    )sql",
                                            // The descriptor's version 2 (stripes, not the
                                            // network's features; the colour names inside it):
                                            // version 1 rows cannot be compared with it, so
                                            // their recordings are indexed again by the next
                                            // index --objects.
                                            R"sql(
    UPDATE recordings SET indexers = trim(replace(',' || indexers || ',', ',objects,', ','), ',')
        WHERE ',' || indexers || ',' LIKE '%,objects,%'
        AND id IN (SELECT recording_id FROM object_appearance);
    DROP TABLE object_appearance;
    CREATE TABLE object_appearance (
        recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
        track INTEGER NOT NULL,
        descriptor BLOB NOT NULL,
        PRIMARY KEY (recording_id, track)
    ) WITHOUT ROWID;
    )sql"};

}  // namespace

std::span<const std::string_view> appearance_migrations() { return kMigrations; }

void store_appearances(catalog::Catalog& catalog, int64_t recording_id,
                       const std::map<int32_t, Appearance>& appearances) {
    catalog::Statement insert = catalog.db().prepare(
        "INSERT INTO object_appearance(recording_id, track, descriptor) VALUES(?, ?, ?)");
    for (const auto& [track, appearance] : appearances) {
        const std::vector<uint8_t> blob = encode_appearance(appearance);
        insert.bind(1, recording_id).bind(2, track).bind_blob(3, blob.data(), blob.size());
        insert.run();
        insert.reset();
    }
}

std::optional<Appearance> load_appearance(catalog::Catalog& catalog, int64_t recording_id,
                                          int32_t track) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT descriptor FROM object_appearance WHERE recording_id = ? AND track = ?");
    query.bind(1, recording_id).bind(2, track);
    if (!query.step()) {
        return std::nullopt;
    }
    return decode_appearance(query.column_blob(0));
}

std::map<int32_t, Appearance> load_appearances(catalog::Catalog& catalog, int64_t recording_id,
                                               const std::set<int32_t>& tracks) {
    catalog::Statement query = catalog.db().prepare(
        "SELECT track, descriptor FROM object_appearance WHERE recording_id = ?");
    query.bind(1, recording_id);
    std::map<int32_t, Appearance> looks;
    while (query.step()) {
        const auto track = static_cast<int32_t>(query.column_int(0));
        if (tracks.count(track) == 0) {
            continue;
        }
        if (std::optional<Appearance> look = decode_appearance(query.column_blob(1))) {
            looks.emplace(track, std::move(*look));
        }
    }
    return looks;
}

}  // namespace footage::indexers::objects
