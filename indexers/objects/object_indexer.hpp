#pragma once
// The object indexer: runs the detector on sampled frames where the motion index saw motion
// (and on one frame every half minute elsewhere, so parked vehicles are found too), links the
// detections into tracks and names each track's colour.
#include <memory>

#include "indexers/indexer.hpp"

namespace footage::indexers::objects {

std::unique_ptr<Indexer> make_object_indexer();

// Checks that the detector is installed and loads; throws ModelError saying how to install it.
void prepare_object_indexer();

// Its registry row: tables and search hook; it reads kMovingShare and kMotionSpans.
const IndexerInfo& object_indexer_info();

}  // namespace footage::indexers::objects
