#pragma once
// A rectangle of a picture in fractions of the frame (0..1 from the top-left corner): where
// motion was, an object's box, a region asked for. Neutral ground for every indexer and search.

namespace footage::media {

struct Box {
    double x = 0.0;  // fractions of the frame
    double y = 0.0;
    double w = 0.0;
    double h = 0.0;
};

}  // namespace footage::media
