#pragma once
// Opens a URL in the desktop's browser, when there is a desktop.
#include <string>

namespace mailsim::client::oauth {

// Runs xdg-open on the URL in the background when DISPLAY is set; its
// output is discarded. True when it was started (not that a browser opened).
bool open_in_browser(const std::string& url);

}  // namespace mailsim::client::oauth
