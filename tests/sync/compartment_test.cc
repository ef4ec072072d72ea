#include "casevault/sync/compartment.h"

#include <gtest/gtest.h>

#include <string>

namespace casevault::sync {
namespace {

TEST(CompartmentName, SharedAndAgencyNamesAreValid) {
  EXPECT_TRUE(IsValidCompartmentName("shared"));
  EXPECT_TRUE(IsValidCompartmentName("agency:police"));
  EXPECT_TRUE(IsValidCompartmentName("agency:nhs-trust-2"));
  EXPECT_TRUE(IsValidCompartmentName("agency:la_childrens_social_care"))
      << "the partnership's agency ids name compartments";
  EXPECT_TRUE(IsValidCompartmentName("agency:" + std::string(64, 'a')));
}

TEST(CompartmentName, AnythingElseIsRefused) {
  for (const char* name :
       {"", "Shared", "shared ", "agency:", "agency:Police", "agency:pol ice", "agency:../x",
        "agency:a/b", "agency:a%2f", "other:police", "agency:police\n"}) {
    EXPECT_FALSE(IsValidCompartmentName(name)) << name;
  }
  EXPECT_FALSE(IsValidCompartmentName("agency:" + std::string(65, 'a')));
}

}  // namespace
}  // namespace casevault::sync
