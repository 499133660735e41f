/// An error from a lower module that knows which configuration key it is about.
///
/// Lower modules (`Tasks`, `Policies`) do not import this one, so their error types are
/// made to conform in `Experiments`, retroactively: `extension SceneError: KeyedConfigError {}`
/// plus the two properties.
public protocol KeyedConfigError: Error {
    /// Keys and indices from the root, e.g. `["block", "parts", "1"]`.
    var configPath: [String] { get }
    /// The problem, without location, e.g. `part 1 of the block is not convex`.
    var configMessage: String { get }
}

extension LoadedConfig {
    /// An error about the value at a dotted path, in the one-line form
    /// `file:line: key 'block.parts[1]': <message>`.
    func error(at dottedPath: String, _ message: String) -> ConfigError {
        document.error(at: dottedPath, message)
    }

    /// An error about the value at a coding path.
    func error(at codingPath: [any CodingKey], _ message: String) -> ConfigError {
        document.error(at: codingPath, message)
    }

    /// Runs a semantic check on the decoded value and places whatever it throws on the
    /// line of the offending key: `KeyedConfigError`s and `DecodingError`s by their
    /// path; other errors at the document's top with their description.
    public func validate<Result>(_ check: (Value) throws -> Result) throws(ConfigError) -> Result {
        do {
            return try check(value)
        } catch {
            throw document.locate(error)
        }
    }
}

extension ConfigDocument {
    /// `error` as a `ConfigError` placed on the line of the key it names, if any.
    func locate(_ error: any Error) -> ConfigError {
        switch error {
        case let error as ConfigError:
            return error
        case let error as any KeyedConfigError:
            return self.error(at: ConfigPath(error.configPath.map { .key($0) }), error.configMessage)
        case let DecodingError.dataCorrupted(context),
             let DecodingError.typeMismatch(_, context),
             let DecodingError.valueNotFound(_, context),
             let DecodingError.keyNotFound(_, context):
            return self.error(at: context.codingPath, context.debugDescription)
        default:
            return self.error(at: ConfigPath(), String(describing: error))
        }
    }
}
