import Testing
@testable import Configuration

@Suite struct SuggestionTests {
    @Test func transpositionsAndCaseAreClose() {
        #expect(Suggestion.closest(to: "widht", in: ["depth", "width"]) == "width")
        #expect(Suggestion.closest(to: "Width", in: ["depth", "width"]) == "width")
        #expect(Suggestion.closest(to: "lerning_rate", in: ["lr", "learning_rate"]) == "learning_rate")
    }

    @Test func farWordsGetNoSuggestion() {
        #expect(Suggestion.closest(to: "colour", in: ["seeds", "episodes"]) == nil)
        #expect(Suggestion.closest(to: "ab", in: ["xy"]) == nil)
    }

    @Test func distanceIsOptimalStringAlignment() {
        #expect(Suggestion.distance(Array("ca"), Array("abc")) == 3)
        #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestion.distance(Array(""), Array("abc")) == 3)
    }
}
