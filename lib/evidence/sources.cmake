# Sources of this area: target_sources(footage_lib PRIVATE ...) and target_sources(footage PRIVATE cli/...).
target_sources(footage PRIVATE cli/cmd_clip.cpp cli/cmd_verify.cpp cli/cmd_log.cpp cli/cmd_keygen.cpp)
target_sources(footage_lib PRIVATE lib/evidence/signature.cpp)
