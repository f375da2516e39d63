#include "cli/app.hpp"

int main(int argc, char** argv) { return footage::cli::run(argc, argv); }
