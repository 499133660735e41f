/// `pushforward quickstart`: the main job on an embedded configuration (identical to
/// `Configs/quickstart.yaml`, which a test checks), so it runs from any folder.
public enum Quickstart {
    /// Push-T, diffusion policy, demonstrations from the expert, behaviour cloning and
    /// DAgger, evaluation with DPM-Solver++ 10 every 4 steps — sized to finish within 10 minutes on 2 cores.
    public static let configuration = """
    # pushforward quickstart: Push-T end to end in under 10 minutes on 2 cores.
    # Demonstrations from the scripted expert, a diffusion policy trained by behaviour
    # cloning then DAgger rounds, evaluation with DPM-Solver++ (10 steps, replanning every 4) on fresh seeds.
    scene: pusht                  # the built-in Push-T scene (= Scenes/pusht.yaml)
    observation: keypoints
    seed: 0
    demos:
      episodes: 150
    policy:
      family: diffusion
      width: 512
      blocks: 3
      prediction: sample          # the network outputs the clean chunk (README: why not epsilon)
    train:
      steps: 12000
      learningRate: 1.0e-3        # 10x Diffusion Policy's: our budget is minutes, not hours
      warmupSteps: 500
      checkpointEvery: 4000
      logEvery: 500
      dagger:
        rounds: 2
        episodes: 40
        stepsPerRound: 3000
    eval:
      episodes: 200
      periodicEpisodes: 40
      sampler: {method: dpmsolver, steps: 10, every: 4}   # 2.5 NFE per control step, 4 points over 20 steps every 8
      gifs: 3

    """

    public static func run(overrides: [String], runsRoot: String = "runs",
                           log: @escaping @Sendable (String) -> Void) throws -> TrainRun.Result {
        try TrainRun.start(yaml: configuration, name: "quickstart.yaml", overrides: overrides, runsRoot: runsRoot, log: log)
    }
}
