# Sources of this area: target_sources(footage_lib PRIVATE ...) and target_sources(footage PRIVATE cli/...).
target_sources(footage PRIVATE cli/cmd_clip.cpp cli/cmd_verify.cpp cli/cmd_log.cpp cli/cmd_keygen.cpp cli/cmd_repair.cpp)
target_sources(footage_lib PRIVATE
    lib/evidence/bag_writer.cpp
    lib/evidence/clip.cpp
    lib/evidence/clock_offset.cpp
    lib/evidence/custody.cpp
    lib/evidence/mp4_repair.cpp
    lib/evidence/packet_reader.cpp
    lib/evidence/packets_csv.cpp
    lib/evidence/reencode.cpp
    lib/evidence/safe_open.cpp
    lib/evidence/signature.cpp
    lib/evidence/signer.cpp
    lib/evidence/source_check.cpp
    lib/evidence/stream_cut.cpp
    lib/evidence/verify.cpp)
