/// The version string Pushforward writes into `run.json` and file metadata.
public enum PushforwardVersion {
    /// Semantic version of this build of the package.
    public static let current = "0.1.0"
}
