#include "lib/evidence/signer.hpp"

#include "lib/util/error.hpp"

namespace footage::evidence {

// Signing lands with `footage keygen`; until then these say so.
void write_key_pair(const std::filesystem::path&) {
    throw UsageError("signing is not built yet in this version");
}
TagSigner minisign_signer(const std::filesystem::path&) {
    throw UsageError("signing is not built yet in this version");
}
SignatureCheck check_bag_signature(const std::filesystem::path&, const std::filesystem::path&) {
    throw UsageError("signature checks are not built yet in this version");
}

}  // namespace footage::evidence
