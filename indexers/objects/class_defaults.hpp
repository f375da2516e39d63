#pragma once
// What `search --object NAME` means without --min-confidence: the classes NAME stands for
// ("vehicle" is a group) and how sure the detector must be of each, calibrated on real
// footage (bench/detection_bench.sh on vtest.avi and tests/data/vtest_people.json).
#include <string>
#include <string_view>
#include <vector>

namespace footage::indexers::objects {

// "vehicle": bicycle, car, motorcycle, bus, truck. A COCO class: itself. Else empty.
std::vector<std::string> classes_of(std::string_view name);

// bicycle, car, motorcycle, bus, truck.
bool is_vehicle(std::string_view label);

// The confidence a track of this class needs by default: person 0.4 (precision 0.96, recall
// 0.84 on the annotated frames), vehicles 0.3 (a van parked in the distance scores 0.45 as a
// truck, a car half out of the frame 0.35-0.43) except bus 0.4 (the same two are also called a
// bus at 0.31-0.36), other classes 0.5.
double default_min_confidence(std::string_view label);

}  // namespace footage::indexers::objects
