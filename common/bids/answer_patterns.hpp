// Internal to the classifier. The pattern tables of classify_answer's rules,
// one table per rule (syntax in message_text.hpp). Lists only: which rule uses
// which table, and in what order, is in classify_answer.cpp.
#pragma once

#include <string_view>

namespace toward::bids::answer_patterns {

// clang-format off

// against.hostility: the bid, or the partner, pushed back outright.
inline constexpr std::string_view hostility[] = {
    "who cares", "nobody asked", "so what", "shut up", "leave me alone", "go away",
    "stop asking", "get over it", "not this again", "this again", "not again", "what now",
    "now what", "i hate you", "screw you", "fuck off", "fuck you", "piss off",
    "=and", "=so", "=and so"};

// toward.laughter: laughing along ("lol" is left out: "lol ok" is a sneer).
inline constexpr std::string_view laughs[] = {"haha*", "hehe*", "lmao*", "lmfao", "rofl"};

// against.contempt: mockery; and insults, counted when they address the partner
// ("what a jerk" about a manager is on the partner's side).
inline constexpr std::string_view contempt[] = {
    "at your age", "grow up", "want a medal", "gold star", "big deal", "cry me a river",
    "get a grip", "how long will that last"};
inline constexpr std::string_view insults[] = {
    "idiot", "stupid", "dumb", "moron", "loser", "pushover", "pathetic", "ridiculous",
    "dramatic", "overreacting", "crazy", "insane", "psycho", "lazy", "selfish", "useless",
    "annoying", "clueless", "jerk", "childish", "immature", "spoiled", "crybaby"};

// against.sarcasm: set phrases that say the opposite of what they mean.
inline constexpr std::string_view sarcasm[] = {
    "oh great", "yeah right", "sure you will", "sure you did", "as if", "whatever you say",
    "good luck with that", "lol ok", "ok sure", "wow ok", "wow okay", "wow thanks",
    "thanks a lot", "brilliant idea", "another one of your", "how original",
    "what a surprise", "shocker", "congrats i guess", "must be nice",
    "of course you did", "of course you would", "of course you do", "sorry i asked",
    "sorry for existing"};

// against.criticism: blame aimed at the partner's character or habits.
inline constexpr std::string_view criticism[] = {
    "you always", "you never", "youre always", "youre never", "as usual", "every time",
    "typical", "maybe if you", "if you didnt", "if you hadnt", "your fault", "you shouldve",
    "you should have", "like i said", "told you so", "i told you"};

// against.defensiveness: the bid turned back on the partner.
inline constexpr std::string_view defensiveness[] = {
    "im not the one", "im the one", "not my fault", "not my problem", "thats on you",
    "thats your problem", "what about me", "i didnt do anything", "dont blame me"};

// toward.warmth: warm words (warm emoji count too).
inline constexpr std::string_view warm_words[] = {
    "love you", "love u", "luv u", "miss you", "miss u", "ily"};

// away.dismissal: closes the bid without engaging; '=' entries only on their own.
inline constexpr std::string_view dismissals[] = {
    "=k", "=whatever", "=fine", "=nothing", "=meh", "=later", "=nah", "=nm", "=busy",
    "=cool story", "=if you say so",
    "whatever", "not now", "not right now", "talk later", "maybe later", "another time",
    "busy", "cant talk", "not really", "i guess", "no thanks", "do we have to", "drop it",
    "leave it", "^can we not", "im fine", "i dont care", "dont care", "idc", "idk",
    "not interested", "not in the mood"};

// away.refusal: opens or ends with a refusal, with no counter-offer.
inline constexpr std::string_view refusal_openers[] = {
    "^cant", "^i cant", "^not tonight", "^not today", "^im busy", "^i have plans"};
inline constexpr std::string_view not_refusals[] = {"cant wait", "cant believe", "cant stop"};
inline constexpr std::string_view refusal_endings[] = {"no", "nope", "nah", "pass"};

// away.change_subject: a topic-change marker, or a practical question that does
// not point back at the bid.
inline constexpr std::string_view topic_markers[] = {
    "^anyway*", "^btw", "^by the way", "^unrelated", "^on another note", "^speaking of which"};
inline constexpr std::string_view new_topics[] = {
    "^did you", "^did u", "^have you", "^do we", "^did the", "^is the", "^are we"};
// "did you tell her?" follows the bid up rather than leaving it.
inline constexpr std::string_view back_references[] = {
    "it", "that", "this", "those", "her", "him", "them", "she", "he", "they", "there"};

// acknowledgement: a brief yes, on its own.
inline constexpr std::string_view acknowledgements[] = {
    "=ok", "=okay", "=alright", "=sure", "=ok sure thing", "=yes", "=yep", "=ya sure",
    "=got it", "=on it", "=will do", "=noted", "=np", "=sounds good"};

// clang-format on

}  // namespace toward::bids::answer_patterns
