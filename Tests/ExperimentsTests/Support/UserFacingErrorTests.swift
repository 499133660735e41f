import Testing
@testable import Configuration
@testable import Experiments

@Suite struct UserFacingErrorTests {
    @Test func configErrorIsUserFacingAsOneLine() {
        let error = ConfigError("first\nsecond", at: .file(name: "a.yaml", line: 3, column: 1))
        #expect(error.userFacing.description == "a.yaml:3: first second")
    }
}
