# Unit tests of this area: target_sources(footage_unit_tests PRIVATE ...) / target_sources(footage_e2e_tests PRIVATE ...); defined after both executables.
target_sources(footage_unit_tests PRIVATE shard_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_merge_test.cpp)
# The Kubernetes examples, checked as data (no cluster here).
add_test(NAME K8sManifests.IndexedJobShardsAndMergeMatch
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/k8s_manifests_test.py ${PROJECT_SOURCE_DIR})
