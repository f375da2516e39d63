#pragma once
// Writes a BagIt 1.0 bag (RFC 8493) so that it only ever appears complete: the payload and tag
// files go into a hidden temporary directory beside the final one, every file and directory is
// fsynced, and only then is it renamed into place. A crash or a full disk leaves at most a
// `.NAME.<pid>-<random>.partial` directory (unique to the run) that no validator would accept as a bag.
// The rename never replaces anything: of two runs making the same bag, the second fails.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace footage::evidence {

struct BagInfo {
    int64_t bagging_time_us = 0;      // UTC
    std::string external_identifier;  // the case number; omitted when empty
    std::string contact_name;         // the operator; omitted when empty
    std::string source_organization;  // omitted when empty
    std::string software_agent;       // "footage <version>"
};

// Text of a detached signature over the tag manifest, and the tag file name to store it as.
struct TagSignature {
    std::string file_name;
    std::string text;
};
using TagSigner = std::function<TagSignature(const std::string& tagmanifest_text)>;

class BagWriter {
  public:
    // Throws IoError when `final_dir` exists already or its parent cannot be written.
    explicit BagWriter(std::filesystem::path final_dir);
    // Removes the temporary directory unless finish() succeeded.
    ~BagWriter();
    BagWriter(const BagWriter&) = delete;
    BagWriter& operator=(const BagWriter&) = delete;

    // Where payload files go (the temporary bag's data/).
    const std::filesystem::path& data_dir() const { return m_data; }

    // Writes the manifests (SHA-256 and SHA-512 of every payload file), bag-info.txt,
    // bagit.txt and the tag manifest, signs it when `signer` is set, fsyncs and renames the bag
    // into place. Returns the SHA-256 of the tag manifest.
    std::string finish(const BagInfo& info, const TagSigner& signer = {});

    const std::filesystem::path& final_dir() const { return m_final; }

  private:
    std::filesystem::path m_final;
    std::filesystem::path m_temp;
    std::filesystem::path m_data;
    bool m_done = false;
};

// Writes `text` to `path` with permissions `mode` and fsyncs it. With `exclusive`, an existing
// file is an error ("already exists") instead of being replaced. Throws IoError naming the file.
void write_synced_file(const std::filesystem::path& path, const std::string& text,
                       unsigned mode = 0644, bool exclusive = false);

}  // namespace footage::evidence
