import Testing
@testable import Tasks
