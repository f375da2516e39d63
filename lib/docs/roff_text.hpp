#pragma once
// Plain text from a man page, for `footage help` where man(1) is not there or output is not a
// terminal. Knows the subset of the man macros our pages use: .TH .SH .SS .PP/.LP/.P .TP .IP
// .RS/.RE .nf/.fi .br .sp, the font macros (.B .I .BR .BI .IR .IB .RB .RI .SM), the escapes
// \fB \fI \fR \fP \- \e \& \(xx \[xx] and comments; any other request is skipped.
#include <string>
#include <string_view>

namespace footage::docs {

// Filled to `width` columns, laid out as man(1) lays out a page (sections at the margin, text
// indented 7, tagged paragraphs indented below their tag), without bold or underline.
std::string roff_to_text(std::string_view roff, int width = 80);

}  // namespace footage::docs
