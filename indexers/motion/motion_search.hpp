#pragma once
// `footage search` over the motion index (the default kind): hits rebuilt from the stored
// grids for the asked regions and sensitivity, joined across consecutive files of a camera.
#include "indexers/search_hook.hpp"

namespace footage::indexers::motion {

extern const SearchHook kMotionSearch;

}  // namespace footage::indexers::motion
