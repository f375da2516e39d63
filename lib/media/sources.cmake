# Sources of this area, added to footage_lib (the CLI lists its own in cli/sources.cmake).
target_sources(footage_lib PRIVATE
    lib/media/av_error.cpp
    lib/media/open_input.cpp
    lib/media/probe.cpp
    lib/media/jpeg_writer.cpp
    lib/media/video_muxer.cpp
    lib/media/luma_scaler.cpp
    lib/media/color_scaler.cpp
    lib/media/frame_source.cpp
    lib/media/span_union.cpp
    lib/media/packet_scan.cpp
    lib/media/nal_access_units.cpp
    lib/media/dhav_header.cpp
    lib/media/mp4_boxes.cpp
    lib/media/grab_frame.cpp
    lib/media/clock_finder.cpp
)
