// The sealed-content format and what a client does with content it receives:
// stored aside from the history, unknown bodies kept with a notice, older
// trigger lists ignored.
#include <gtest/gtest.h>

#include "local_store.hpp"
#include "sealed_content.hpp"
#include "sealed_inbox.hpp"
#include "temp_dir.hpp"

namespace toward::app {
namespace {

struct partner_store : ::testing::Test {
    testing::temp_dir dir;
    std::unique_ptr<local_store> store;
    partner_record bob{"bob", 7, "", "", "", partner_trust::verified, ""};

    void SetUp() override {
        auto opened = local_store::open(dir.path());
        ASSERT_TRUE(opened) << opened.error().message;
        store = std::move(*opened);
    }
};

TEST(sealed_content, wraps_and_unwraps_and_never_mistakes_text_for_it) {
    v1::SealedContent content;
    content.mutable_checkin()->set_occurrence("2026-11-22");
    content.mutable_checkin()->set_mood(4);
    const auto plaintext = wrap_sealed(content);
    EXPECT_TRUE(is_sealed(plaintext));
    auto back = unwrap_sealed(plaintext);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->checkin().mood(), 4u);
    EXPECT_FALSE(is_sealed("hello"));
    EXPECT_FALSE(is_sealed(""));
    EXPECT_FALSE(unwrap_sealed("hello"));
    EXPECT_FALSE(check_plain_text(std::string("a\0b", 3)));
    EXPECT_TRUE(check_plain_text("café ❤️"));
}

TEST(sealed_content, shared_texts_must_be_short_utf8_without_nul) {
    EXPECT_TRUE(check_shared_text("ça va ❤️", "the need", 100));
    EXPECT_FALSE(check_shared_text(std::string(101, 'x'), "the need", 100));
    EXPECT_FALSE(check_shared_text("\xc3", "the need", 100));          // cut short
    EXPECT_FALSE(check_shared_text("\xc0\xaf", "the need", 100));      // overlong
    EXPECT_FALSE(check_shared_text("\xed\xa0\x80", "the need", 100));  // a surrogate
    auto nul = check_shared_text(std::string("a\0b", 3), "the need", 100);
    ASSERT_FALSE(nul);
    EXPECT_NE(nul.error().message.find("the need"), std::string::npos);
}

TEST_F(partner_store, content_from_a_newer_client_is_kept_aside_with_a_notice) {
    // Field 15 of SealedContent, unknown to this version.
    const std::string newer("\x00\x78\x01", 3);
    auto receipt = receive_sealed(*store, bob, newer);
    ASSERT_TRUE(receipt) << receipt.error().message;
    EXPECT_NE(receipt->note.text.find("cannot show yet"), std::string::npos);
    auto garbage = receive_sealed(*store, bob, std::string("\x00\xff\xff\xff", 4));
    ASSERT_TRUE(garbage);
    EXPECT_NE(garbage->note.text.find("cannot show yet"), std::string::npos);

    v1::SealedContent bad_mood;
    bad_mood.mutable_checkin()->set_occurrence("2026-11-22");
    bad_mood.mutable_checkin()->set_mood(9);
    auto refused = receive_sealed(*store, bob, wrap_sealed(bad_mood));
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->note.text.find("cannot show yet"), std::string::npos);
    auto stored = store->checkins(bob.pair_id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->empty());
}

TEST_F(partner_store, an_older_trigger_list_does_not_replace_a_newer_one) {
    auto list = [](std::int64_t updated, const std::string& text) {
        v1::SealedContent content;
        content.mutable_triggers()->set_updated_at_ms(updated);
        auto* trigger = content.mutable_triggers()->add_triggers();
        trigger->set_id(1);
        trigger->set_text(text);
        return wrap_sealed(content);
    };
    ASSERT_TRUE(receive_sealed(*store, bob, list(2000, "newer")));
    auto older = receive_sealed(*store, bob, list(1000, "older"));
    ASSERT_TRUE(older);
    EXPECT_TRUE(older->note.text.empty());
    auto kept = store->partner_triggers();
    ASSERT_TRUE(kept && *kept);
    EXPECT_EQ((*kept)->list.triggers(0).text(), "newer");
}

}  // namespace
}  // namespace toward::app
