# Tests of the object index: target_sources(footage_unit_tests/footage_e2e_tests PRIVATE ...).
target_sources(footage_unit_tests PRIVATE objects_test.cpp appearance_test.cpp onnx_graph_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_objects_test.cpp e2e_appearance_test.cpp)

# The converter computes what the TF.js graph computes (numpy reference vs cv::dnn), on the
# model scripts/fetch_models.sh installed (exit 77: skipped when it could not).
add_test(NAME converter_matches_tfjs_reference
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/models/tfjs_to_onnx_test.py
            ${FOOTAGE_MODEL_DIR})
set_tests_properties(converter_matches_tfjs_reference PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
target_sources(footage_e2e_tests PRIVATE e2e_tracks_test.cpp)
# The detector's oneDNN runtime, where footage is built with it (indexers/objects/sources.cmake).
if(dnnl_FOUND AND OpenMP_CXX_FOUND)
    target_sources(footage_unit_tests PRIVATE dnnl_net_test.cpp)
endif()
