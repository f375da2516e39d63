#include "indexers/objects/model_file.hpp"

#include <map>
#include <mutex>
#include <vector>

#include "lib/evidence/sha256.hpp"
#include "lib/util/error.hpp"
#include "lib/util/model_dirs.hpp"

namespace footage::indexers::objects {

std::filesystem::path find_model() {
    std::string looked;
    for (const std::filesystem::path& dir : model_dirs()) {
        std::filesystem::path model = dir / kModelFileName;
        std::error_code error;
        if (std::filesystem::is_regular_file(model, error)) {
            return model;
        }
        looked += looked.empty() ? "" : ", ";
        looked += model.string();
    }
    throw ModelError("the object detector is not installed (looked for " +
                     (looked.empty() ? std::string(kModelFileName) : looked) +
                     "); run scripts/fetch_models.sh, or set FOOTAGE_MODEL_DIR to the folder "
                     "that holds " +
                     kModelFileName);
}

const std::string& model_sha256(const std::filesystem::path& model) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::string> digests;
    std::lock_guard lock(mutex);
    auto found = digests.find(model);
    if (found == digests.end()) {
        try {
            found = digests.emplace(model, evidence::sha256_file(model)).first;
        } catch (const IoError& error) {
            throw ModelError(error.what());
        }
    }
    return found->second;
}

}  // namespace footage::indexers::objects
