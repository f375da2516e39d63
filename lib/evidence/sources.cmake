# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/evidence/bag_writer.cpp
    lib/evidence/check_evidence.cpp
    lib/evidence/clip.cpp
    lib/evidence/clock_offset.cpp
    lib/evidence/custody.cpp
    lib/evidence/mp4_repair.cpp
    lib/evidence/packet_reader.cpp
    lib/evidence/packets_csv.cpp
    lib/evidence/reencode.cpp
    lib/evidence/safe_open.cpp
    lib/evidence/sha256.cpp
    lib/evidence/signature.cpp
    lib/evidence/signer.cpp
    lib/evidence/source_check.cpp
    lib/evidence/stream_cut.cpp
    lib/evidence/verify.cpp)
