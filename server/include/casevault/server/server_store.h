// ServerStore: all the server keeps, as one object handing out a store for each concept.
//
// The logic classes (Identity, CaseRoster, AccessPolicy, WrappedKeys, CaseClosure, the sync
// Hub) each take the stores they need and never see how they are kept, so a store of another
// kind (SqliteServerStore is the one there is) replaces this one without touching them. Each
// store's calls are atomic on their own, never across stores. The stores live as long as the
// ServerStore and are safe to use from several threads.
#pragma once

#include "casevault/server/agreement_store.h"
#include "casevault/server/case_store.h"
#include "casevault/server/closure_store.h"
#include "casevault/server/draft_view_store.h"
#include "casevault/server/grant_store.h"
#include "casevault/server/identity_store.h"
#include "casevault/server/key_store.h"
#include "casevault/server/server_hub_store.h"

namespace casevault::server {

class ServerStore {
 public:
  virtual ~ServerStore() = default;

  // Users, enrolment codes and devices.
  virtual IdentityStore& identities() = 0;
  // Cases, their states and the roles held in them.
  virtual CaseStore& cases() = 0;
  // Grants on compartments.
  virtual GrantStore& grants() = 0;
  // Confidentiality agreements and declarations of interest.
  virtual AgreementStore& agreements() = 0;
  // Compartment keys sealed to devices.
  virtual KeyStore& keys() = 0;
  // Closed cases and the cases each chunk serves.
  virtual ClosureStore& closures() = 0;
  // Drafts shared with time-boxed viewers.
  virtual DraftViewStore& draft_views() = 0;
  // Op logs and file chunks (the sync Hub's store).
  virtual ServerHubStore& hub() = 0;
};

}  // namespace casevault::server
