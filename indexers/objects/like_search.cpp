#include "indexers/objects/like_search.hpp"

#include <algorithm>
#include <cmath>

#include "indexers/objects/class_defaults.hpp"
#include "indexers/objects/color_name.hpp"
#include "lib/search/hit_id.hpp"
#include "lib/util/error.hpp"

namespace footage::indexers::objects {

namespace {

using search::Hit;
using search::HitKey;
using search::Query;

std::optional<std::string> text_filter(const Query& query, const char* name) {
    return search::filter<std::string>(query, name);
}

double three_decimals(double value) { return std::round(value * 1000.0) / 1000.0; }

}  // namespace

// Among the class's hits of its camera over its own time, at the class's usual confidence floor,
// then at any.
ObjectHit find_object_hit(catalog::Catalog& catalog, const std::string& id,
                          const std::string& asked_as) {
    const HitKey key = search::parse_hit_id(id);
    if (key.tag.empty()) {
        throw UsageError(asked_as + ": not an object hit (its ID ends in #CLASS, e.g. #person)");
    }
    const std::vector<catalog::CameraRow> cameras = catalog.cameras();
    auto camera = std::find_if(cameras.begin(), cameras.end(),
                               [&](const catalog::CameraRow& c) { return c.id == key.camera_id; });
    if (camera == cameras.end()) {
        throw UsageError(asked_as + ": the catalog has no camera \"" + key.camera_id + "\"");
    }
    const std::vector<catalog::RecordingRow> recordings = catalog.recordings(camera->id);
    for (bool every : {false, true}) {
        Query query;
        query.kind = "object";
        query.filters["object"] = label_of_tag(key.tag);
        if (every) {
            query.filters["min-confidence"] = 0.0;
        }
        query.from_utc_us = key.start_utc_us;
        query.to_utc_us = std::max(key.end_utc_us, key.start_utc_us + 1);
        search::SearchResult scratch;
        for (ObjectHit& found : object_hits(catalog, query, *camera, recordings, scratch, true)) {
            if (found.hit.id != id) {
                continue;
            }
            if (const std::string label = label_of_tag(key.tag);
                !found.appearance && !keeps_look(label)) {
                throw UsageError(asked_as +
                                 ": only people and vehicles keep a look to compare (a " + label +
                                 " does not)");
            }
            if (!found.appearance) {
                throw UsageError(asked_as +
                                 ": its recording was indexed before appearances were stored; "
                                 "run footage index --objects again");
            }
            return found;
        }
    }
    throw UsageError(asked_as + ": no such object hit in the catalog");
}

double shown_similarity(const Appearance& a, const Appearance& b) {
    return three_decimals(appearance_similarity(a, b));
}

void check_like_query(const Query& query) {
    const std::optional<std::string> like = text_filter(query, "like");
    const std::optional<std::string> object = text_filter(query, "object");
    std::optional<std::string> label = object;
    if (like) {
        const HitKey key = search::parse_hit_id(*like);
        if (key.tag.empty()) {
            throw UsageError("--like " + *like +
                             ": not an object hit (its ID ends in #CLASS, e.g. #person)");
        }
        const std::string like_label = label_of_tag(key.tag);
        if (object) {
            const std::vector<std::string> classes = classes_of(*object);
            if (std::find(classes.begin(), classes.end(), like_label) == classes.end()) {
                throw UsageError("--like " + *like + " is a " + like_label +
                                 ", not --object " + *object);
            }
        }
        label = like_label;
    }
    for (const char* half : {"upper", "lower"}) {
        const std::optional<std::string> color = text_filter(query, half);
        if (!color) {
            continue;
        }
        if (!is_color_name(*color)) {
            throw UsageError(std::string("--") + half + ": no colour \"" + *color +
                             "\"; the colours are: black, white, grey, red, orange, yellow, "
                             "green, blue, purple, brown");
        }
        if (label != "person") {
            throw UsageError(std::string("--") + half +
                             " is for people: give --object person or --like a person's hit");
        }
    }
}

Query with_like_class(const Query& query) {
    const std::optional<std::string> like = text_filter(query, "like");
    if (!like || query.filters.contains("object")) {
        return query;
    }
    Query asked = query;
    asked.filters["object"] = label_of_tag(search::parse_hit_id(*like).tag);
    return asked;
}

namespace {

// The resolved look of the --like hit, as its descriptor's bytes (not an option: nobody types it).
constexpr const char* kLikeLook = "like-look";

}  // namespace

Query prepare_like_query(catalog::Catalog& catalog, const Query& query) {
    Query asked = with_like_class(query);
    const std::optional<std::string> like = text_filter(query, "like");
    if (like) {
        const ObjectHit reference = find_object_hit(catalog, *like, "--like " + *like);
        asked.filters[kLikeLook] = encode_appearance(*reference.appearance);
    }
    return asked;
}

bool wants_appearance(const Query& query) {
    return query.filters.contains("like") || query.filters.contains("upper") ||
           query.filters.contains("lower");
}

void keep_by_appearance(catalog::Catalog& catalog, const Query& query,
                        std::vector<ObjectHit>& hits) {
    const std::optional<std::string> like = text_filter(query, "like");
    const std::optional<std::string> upper = text_filter(query, "upper");
    const std::optional<std::string> lower = text_filter(query, "lower");
    // The look prepare_like_query resolved, else found here.
    std::optional<ObjectHit> reference;
    if (like && query.filters.contains(kLikeLook)) {
        reference = ObjectHit{};
        reference->hit.id = *like;
        reference->appearance =
            decode_appearance(query.filters[kLikeLook].get<std::vector<uint8_t>>());
        if (!reference->appearance) {
            throw UsageError("--like " + *like + ": its look cannot be read");
        }
    } else if (like) {
        reference = find_object_hit(catalog, *like, "--like " + *like);
    }
    std::vector<ObjectHit> kept;
    for (ObjectHit& found : hits) {
        if (!found.appearance || (upper && found.appearance->upper_color != *upper) ||
            (lower && found.appearance->lower_color != *lower)) {
            continue;
        }
        if (reference && found.hit.id == reference->hit.id) {
            continue;
        }
        found.hit.fields["upper"] = found.appearance->upper_color;
        found.hit.fields["lower"] = found.appearance->lower_color;
        if (reference) {
            const double similarity = shown_similarity(*reference->appearance, *found.appearance);
            found.hit.fields["similarity"] = similarity;
            found.hit.rank = similarity;
        }
        kept.push_back(std::move(found));
    }
    hits = std::move(kept);
}

}  // namespace footage::indexers::objects
