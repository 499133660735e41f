import Runs

extension RunError {
    /// The same error in the form the command line prints and exits with status 2.
    public var userFacing: UserFacingError {
        UserFacingError(description)
    }
}
