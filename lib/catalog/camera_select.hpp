#pragma once
// Which camera a user means by `--camera SPEC` (docs/ARCHITECTURE.md: `3`, `03`, `ch03` select "ch03").
#include <string>
#include <string_view>
#include <vector>

#include "lib/catalog/catalog.hpp"

namespace footage::catalog {

// The camera ID `spec` selects among `cameras`. An exact ID wins; otherwise a channel number
// (optionally "ch"-prefixed, optionally "<recorder>/"-prefixed) selects the camera with that
// channel. Throws UsageError when nothing matches (listing the cameras) or when a bare number
// is ambiguous across recorders (listing the choices).
std::string select_camera(const std::vector<CameraRow>& cameras, std::string_view spec);

}  // namespace footage::catalog
