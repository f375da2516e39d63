# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/util/model_dirs.cpp
    lib/util/unicode_nfc.cpp
    lib/util/zlib_codec.cpp
)
