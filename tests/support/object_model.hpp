#pragma once
// Whether the object detector's model is installed (scripts/setup.sh converts it), for the tests
// that need it: they skip with the reason where it is not.
#include <string>

#include "indexers/objects/model_file.hpp"
#include "lib/util/error.hpp"

namespace footage::test {

// Why the model cannot be used here, or "" when it can.
inline std::string object_model_missing() {
    try {
        indexers::objects::find_model();
        return "";
    } catch (const ModelError& error) {
        return error.what();
    }
}

}  // namespace footage::test
