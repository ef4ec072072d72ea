#include "casevault/base/status.h"

#include <gtest/gtest.h>

namespace casevault {
namespace {

TEST(Status, DefaultIsOkWithEmptyMessage) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message(), "");
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(Status, FailureCarriesCodeAndMessage) {
  Status status = WrongPassphraseError("wrong passphrase for keystore k");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kWrongPassphrase);
  EXPECT_EQ(status.ToString(), "WrongPassphrase: wrong passphrase for keystore k");
}

TEST(Status, EachShorthandHasItsOwnCode) {
  EXPECT_EQ(InvalidArgumentError("m").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NotFoundError("m").code(), StatusCode::kNotFound);
  EXPECT_EQ(AlreadyExistsError("m").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(PermissionDeniedError("m").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthenticationFailedError("m").code(), StatusCode::kAuthenticationFailed);
  EXPECT_EQ(CorruptionError("m").code(), StatusCode::kCorruption);
  EXPECT_EQ(TruncatedError("m").code(), StatusCode::kTruncated);
  EXPECT_EQ(UnsupportedVersionError("m").code(), StatusCode::kUnsupportedVersion);
  EXPECT_EQ(IoError("m").code(), StatusCode::kIoError);
  EXPECT_EQ(NoSpaceError("m").code(), StatusCode::kNoSpace);
  EXPECT_EQ(ResourceExhaustedError("m").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(FailedPreconditionError("m").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(UnavailableError("m").code(), StatusCode::kUnavailable);
  EXPECT_EQ(RevokedError("m").code(), StatusCode::kRevoked);
  EXPECT_EQ(UnavailableError("m").ToString(), "Unavailable: m");
  EXPECT_EQ(InternalError("m").code(), StatusCode::kInternal);
}

TEST(Status, EveryCodeIsFoundAgainByItsName) {
  for (int value = 0; value <= static_cast<int>(StatusCode::kInternal); ++value) {
    const auto code = static_cast<StatusCode>(value);
    EXPECT_EQ(StatusCodeFromName(StatusCodeName(code)), code) << StatusCodeName(code);
  }
  EXPECT_EQ(StatusCodeFromName("NoSuchCode"), std::nullopt);
  EXPECT_EQ(StatusCodeFromName(""), std::nullopt);
}

TEST(Status, WithContextPrefixesFailuresAndLeavesOkAlone) {
  EXPECT_EQ(IoError("disk gone").WithContext("saving record").message(),
            "saving record: disk gone");
  EXPECT_TRUE(Status::Ok().WithContext("saving record").ok());
}

Status FailTwice(int* calls) {
  ++*calls;
  CV_RETURN_IF_ERROR(NotFoundError("first"));
  ++*calls;
  return Status::Ok();
}

TEST(Status, ReturnIfErrorStopsAtTheFirstFailure) {
  int calls = 0;
  Status status = FailTwice(&calls);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace casevault
