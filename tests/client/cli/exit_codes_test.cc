#include "casevault/client/cli/exit_codes.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

TEST(ExitCodes, EachKindOfFailureHasItsDocumentedCode) {
  EXPECT_EQ(ExitCodeFor(Status::Ok()), 0);
  EXPECT_EQ(ExitCodeFor(InvalidArgumentError("x")), 2);
  EXPECT_EQ(ExitCodeFor(PermissionDeniedError("x")), 3);
  EXPECT_EQ(ExitCodeFor(RevokedError("x")), 3);
  EXPECT_EQ(ExitCodeFor(FailedPreconditionError("x")), 4);
  EXPECT_EQ(ExitCodeFor(UnavailableError("x")), 5);
  EXPECT_EQ(ExitCodeFor(WrongPassphraseError("x")), 1);
  EXPECT_EQ(ExitCodeFor(AuthenticationFailedError("x")), 1);
  EXPECT_EQ(ExitCodeFor(NotFoundError("x")), 1);
  for (int code = 0; code <= 5; ++code) {
    EXPECT_NE(ExitCodeHelp().find("  " + std::to_string(code) + "  "), std::string_view::npos)
        << code;
  }
}

}  // namespace
}  // namespace casevault::client::cli
