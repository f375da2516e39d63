# Unit tests of this area: target_sources(footage_unit_tests PRIVATE ...) / target_sources(footage_e2e_tests PRIVATE ...); defined after both executables.
target_sources(footage_unit_tests PRIVATE signature_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_evidence_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_attack_test.cpp)
target_sources(footage_unit_tests PRIVATE nal_access_units_test.cpp)
