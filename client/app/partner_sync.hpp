// What the client makes of the partner the server reports (AuthOk.partner,
// a pushed Paired, GetPartner): a new pair verified with one of our invites,
// a pair whose keys do not match the invite, a changed partner key, or
// nothing new. The joiner's side of pairing is in commands/pairing.cpp.
#pragma once

#include <string>

#include "app_result.hpp"
#include "local_store.hpp"
#include "toward/v1/toward.pb.h"

namespace toward::app {

enum class partner_change {
    none,         // nothing new
    paired,       // a new pair, its keys verified with one of our invites
    rejected,     // the pair's keys could not be verified: nothing will be sent
    key_changed,  // the partner's identity key differs from the accepted one
    unpaired,     // the pair we knew has ended
};

struct partner_outcome {
    partner_change change = partner_change::none;
    std::string message;  // one line for the user; empty for none
};

// Reconciles the store with `info` (the server's view of our partner) and
// returns what changed. Only store failures are errors.
app_result<partner_outcome> reconcile_partner(local_store& store, const v1::PartnerInfo& info);

// The server says we have no partner: forgets a pair we knew, if any.
app_result<partner_outcome> reconcile_no_partner(local_store& store);

// The server says our partner deleted their account: forgets the pair (the
// local history stays: it is ours) and says so kindly.
app_result<partner_outcome> reconcile_partner_deleted(local_store& store,
                                                      const std::string& partner_name);

// The warning shown when the partner's key changed (also refused sends).
std::string key_changed_message(const std::string& partner_name);

}  // namespace toward::app
