// A partner's decrypted plaintext that carries sealed content (check-in
// answers, a trigger list): unwrapped and stored as the client does on
// receipt, in a real local store whose transaction is rolled back after each
// input, so every input starts from the same empty store.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "local_store.hpp"
#include "sealed_content.hpp"
#include "sealed_inbox.hpp"
#include "temp_dir.hpp"

namespace app = toward::app;
using toward::fuzz::check;

namespace {

app::local_store& store() {
    static toward::testing::temp_dir home;
    static auto opened = app::local_store::open(home.path());
    check(opened.has_value(), "the local store opens");
    return **opened;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string plaintext(reinterpret_cast<const char*>(data), size);
    const auto content = app::unwrap_sealed(plaintext);
    check(!content || app::is_sealed(plaintext), "only sealed plaintext unwraps");
    if (content) check(!app::sealed_label(*content).empty(), "sealed content has a label");
    (void)app::check_plain_text(plaintext);
    (void)app::check_shared_text(plaintext, "the text", 1024);

    app::partner_record partner;
    partner.user_name = "bob";
    partner.pair_id = 1;
    bool received = false;
    const auto rolled_back = store().transaction([&]() -> app::app_status {
        auto receipt = app::receive_sealed(store(), partner, plaintext);
        check(receipt.has_value(), "only a failing store makes receiving fail");
        check(!receipt->label.empty(), "every received content has a label");
        received = true;
        return app::fail("rolled back: every input starts from an empty store");
    });
    check(received && !rolled_back, "the transaction ran and was rolled back");
    return 0;
}
