// Internal to the classifier. The pattern tables of classify_message's rules,
// one table per rule (syntax in message_text.hpp). Lists only: which rule uses
// which table, and in what order, is in classify_message.cpp.
#pragma once

#include <string_view>

namespace toward::bids::message_patterns {

// clang-format off

// affection.expression: love, missing, pride, thanks, tender greetings.
inline constexpr std::string_view affection_expressions[] = {
    "love you", "love u", "luv you", "luv u", "ily", "love me", "adore you",
    "miss you", "miss u", "i miss", "missing you",
    "thinking about you", "thinking of you", "cant wait to see you", "lucky to have you",
    "proud of", "i love how you", "i love it when you", "i love that you",
    "you look", "you looked", "youre beautiful", "youre gorgeous", "youre cute",
    "youre amazing", "youre the best", "ur the best", "youre my",
    "my favorite person", "my favourite person",
    "thank you for", "thanks for", "good luck",
    "good morning", "morning sunshine", "good night", "goodnight", "sweet dreams",
    "cuddle*", "kiss*", "xoxo"};

// affection.repair: apologies.
inline constexpr std::string_view repairs[] = {
    "sorry i", "im sorry", "i apologize", "my bad", "forgive me", "sorry about", "sorry for"};

// affection.gesture: something done or made for the partner.
inline constexpr std::string_view gestures[] = {
    "i got you", "made you", "making you", "made your", "making your", "bought you",
    "wrote you", "surprise for you"};

// affection.praise: praise words, counted when they address the partner.
inline constexpr std::string_view praise[] = {
    "amazing", "incredible", "awesome", "brilliant", "wonderful", "gorgeous", "beautiful",
    "cute", "hot", "sexy", "smart", "talented", "so good at", "the best", "best day",
    "crushed it", "killed it", "nailed it", "got this"};

// criticism.complaint: complaints about habits; lapses count with "again".
inline constexpr std::string_view complaints[] = {
    "you never", "you always", "youre always", "youre never", "why cant you",
    "why do you always", "how many times", "can you stop", "could you stop", "can you not"};
inline constexpr std::string_view lapses[] = {"you didnt", "you forgot", "you left"};
// "can you stop by the pharmacy" is an errand, not a complaint.
inline constexpr std::string_view errands[] = {
    "stop by", "stop at", "stop off", "stop in", "stop over", "stop for"};

// support.offer: offering presence or help.
inline constexpr std::string_view support_offers[] = {
    "im here", "here for you", "here if you", "want me to", "if you need me",
    "if you need anything"};

// talk.invitation: asking for a conversation.
inline constexpr std::string_view talk_invitations[] = {
    "can we talk", "we need to talk", "we should talk", "need to talk", "talk about",
    "can i talk to you", "can we chat"};

// attention.teaser: something to see or hear (before the invitations, which
// would read "wanna see" as a plan).
inline constexpr std::string_view teasers[] = {
    "wanna see", "want to see", "wanna hear", "want to hear", "wanna know", "want to know"};

// play.tease: challenges, dares, silly questions.
inline constexpr std::string_view teases[] = {
    "race you", "bet you", "bet u", "dare you", "tickle*", "fight me", "bring it",
    "in your dreams", "you wish", "prepare to lose", "loser buys", "first one to",
    "would you rather", "yes or no", "real question"};

// play.game: games, counted together with an invitation.
inline constexpr std::string_view games[] = {
    "play", "playing", "game*", "board game*", "video game*", "mario", "kart", "cards",
    "chess", "puzzle", "scrabble", "monopoly", "catan", "trivia", "quiz", "karaoke", "fort",
    "hide and seek", "pillow fight", "snowball*"};

// invitation.plan: doing something together. "=lunch" is "lunch?" on its own.
inline constexpr std::string_view invitations[] = {
    "^want to", "^wanna", "^u wanna", "^you wanna", "^you want to",
    "do you want to", "do u want to", "do you wanna", "do u wanna",
    "lets", "let us", "shall we", "should we", "we should", "how about we", "what if we",
    "what about we", "can we go", "could we go", "join me", "^come", "with me",
    "are you free", "^you free", "^u free", "free tonight", "you up for", "u up for",
    "date night", "signed us up", "booked us", "got us tickets", "what are we doing",
    "road trip", "trip to", "getaway",
    "=lunch", "=dinner", "=coffee", "=drinks", "=brunch", "=movie", "=movie night", "=walk",
    "=date"};

// request.help: asking for practical help; "can you believe" is not a request.
inline constexpr std::string_view requests[] = {
    "can you", "could you", "can u", "could u", "would you", "would u", "would you mind",
    "help me", "^help", "need your help", "need ur help", "need a favor", "do me a favor",
    "can i borrow", "could i borrow", "do you have time to", "i need you to"};
inline constexpr std::string_view not_requests[] = {
    "can you believe", "could you believe", "can you imagine"};

// feeling.disclosure: feelings, distress, being unwell.
inline constexpr std::string_view feelings[] = {
    "feel", "feeling", "feels", "felt", "shaking",
    "drained", "exhausted", "tired", "burnt out", "burned out", "overwhelm*", "struggl*",
    "nervous", "anxious", "anxiety", "scared", "afraid", "terrified", "worried", "worry",
    "stress*", "panic*", "freaking out", "freak out",
    "sad", "lonely", "homesick", "heartbroken", "upset", "hurt", "hurts", "depress*",
    "frustrat*", "angry", "furious", "i hate", "hates me", "scream",
    "cried", "crying", "cry", "awful", "terrible", "horrible", "miserable", "failing",
    "overreacting", "cant do this", "give up", "vent", "hug", "killing me",
    "cant sleep", "couldnt sleep", "rough day", "bad day", "long day", "hard day", "worst day",
    "sick", "a cold", "the flu", "fever", "nauseous", "headache", "migraine", "sore", "pain",
    "can barely", "acting up"};

// humor.laughter: a laugh at the start, or a joke (laughing emoji count too).
inline constexpr std::string_view jokes[] = {
    "^lol", "^lmao", "^lmfao", "^haha*", "^hehe*", "^rofl", "joke", "knock knock", "pun",
    "meme", "funniest"};

// attention.call: look, guess, are you there.
inline constexpr std::string_view attention_calls[] = {
    "^look", "look what", "guess what", "check this", "check out", "come see", "psst",
    "^are you up", "^you up", "^u up", "you there", "u there", "im bored", "say hi",
    "do you like my", "how do i look", "notice anything"};

// attention.greeting: a message made only of these words.
inline constexpr std::string_view greeting_words[] = {
    "hey", "hi", "hello", "hiya", "heya", "yo", "oi", "psst", "sup", "morning", "evening",
    "babe", "baby", "bb", "love", "honey", "hun", "hon", "sweetie", "sweetheart", "darling",
    "handsome", "beautiful", "you", "there"};

// share.question: the partner's view, or whether they saw or heard something.
inline constexpr std::string_view shared_questions[] = {
    "did you see", "did u see", "did you hear", "did u hear", "have you heard", "did you know",
    "have you ever", "do you ever", "would you ever", "do you think", "do u think",
    "what do you think", "should i", "guess who"};

// logistics.question: openers of a practical question clause.
inline constexpr std::string_view logistics_openers[] = {
    "^did you", "^did u", "^did we", "^did the", "^have you", "^do we", "^do you need",
    "^need anything", "^is the", "^are the", "^was the", "^is there", "^are we",
    "^are you coming", "^will you be", "^where", "^wheres", "^when", "^whens", "^what time",
    "^which", "^whos", "^who is", "^how much", "^how many", "^how long"};

// question.open: openers of a question about how the partner is or how it went.
inline constexpr std::string_view open_questions[] = {
    "^how", "^hows", "^howd", "^what are you", "^what r u", "^whats on your mind",
    "^whatcha"};
// question.open: check-ins, with or without a question mark.
inline constexpr std::string_view check_ins[] = {
    "you ok", "you okay", "u ok", "you alright", "everything ok", "everything okay",
    "^tell me"};

// logistics.household: household words in a question clause.
inline constexpr std::string_view household_words[] = {
    "dinner", "lunch", "breakfast", "groceries", "grocery", "milk", "store", "pharmacy",
    "bill", "bills", "rent", "bank", "insurance", "keys", "car", "gas", "parking", "train",
    "bus", "flight", "hotel", "passport*", "reservation", "appointment", "dentist", "vet",
    "meds", "plumber", "electrician", "recycling", "trash", "garbage", "laundry", "dishes",
    "dishwasher", "oven", "charger", "wifi", "password", "package", "delivery", "pick up",
    "pickup", "drop off", "schedule", "calendar", "call back", "call her back",
    "call him back"};

// share.news: news, plans, memories, ideas, stories.
inline constexpr std::string_view news[] = {
    "i finally", "i just got", "i just found", "i just heard", "i just finished",
    "i just saw", "^just finished", "i passed", "i won", "i did it", "we did it",
    "got the job", "promoted", "engaged", "pregnant", "big news", "news", "i found out",
    "i read", "ive been reading", "i learned", "today i learned", "^til", "fun fact",
    "im thinking of", "im thinking about", "i think im gonna", "im gonna", "i want to",
    "ive decided", "i decided", "i keep thinking", "keep thinking about",
    "^remember", "dream", "weirdest", "craziest", "you wont believe", "funny story",
    "^so i", "^ok so", "^okay so", "^so today", "i may have", "i might have"};

// clang-format on

}  // namespace toward::bids::message_patterns
