#pragma once
// Where the models that scripts/fetch_models.sh and scripts/fetch_ocr_model.sh install are
// looked for, shared by the indexers that load one (the object detector, the OSD reader's text
// recogniser).
#include <filesystem>
#include <vector>

namespace footage {

// In order: $FOOTAGE_MODEL_DIR alone when it is set (an explicit choice is the only place
// looked at), else $XDG_CACHE_HOME/footage/models and ~/.cache/footage/models (each when its
// variable is set).
std::vector<std::filesystem::path> model_dirs();

}  // namespace footage
