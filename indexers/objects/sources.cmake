# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    indexers/objects/appearance.cpp
    indexers/objects/appearance_store.cpp
    indexers/objects/box_overlap.cpp
    indexers/objects/class_defaults.cpp
    indexers/objects/coco_labels.cpp
    indexers/objects/crop_merge.cpp
    indexers/objects/crop_mosaic.cpp
    indexers/objects/crop_pass.cpp
    indexers/objects/crop_plan.cpp
    indexers/objects/color_name.cpp
    indexers/objects/detector.cpp
    indexers/objects/greedy_match.cpp
    indexers/objects/like_search.cpp
    indexers/objects/live_track.cpp
    indexers/objects/model_file.cpp
    indexers/objects/object_indexer.cpp
    indexers/objects/object_search.cpp
    indexers/objects/object_store.cpp
    indexers/objects/onnx_graph.cpp
    indexers/objects/trace.cpp
    indexers/objects/tracker.cpp
)

# The detector's oneDNN runtime (dnnl_net.hpp), where Debian's libdnnl-dev is installed (the
# set-up installs it); without it the detector runs on cv::dnn.
find_package(dnnl CONFIG QUIET)
find_package(OpenMP QUIET COMPONENTS CXX)
if(dnnl_FOUND AND OpenMP_CXX_FOUND)
    target_sources(footage_lib PRIVATE indexers/objects/dnnl_net.cpp)
    target_link_libraries(footage_lib PUBLIC DNNL::dnnl PRIVATE OpenMP::OpenMP_CXX)
    target_compile_definitions(footage_lib PUBLIC FOOTAGE_HAVE_DNNL)
else()
    message(STATUS "oneDNN (libdnnl-dev) or OpenMP not found: the object detector runs on cv::dnn")
endif()
