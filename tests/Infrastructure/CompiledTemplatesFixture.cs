namespace NewsMonitor.Tests.Infrastructure;

/// <summary>infra/main.bicep and infra/eventgrid.bicep compiled once per test class, in a temp folder of its own.</summary>
public sealed class CompiledTemplatesFixture : IDisposable
{
    private readonly string _outputFolder = Path.Combine(Path.GetTempPath(), "newsmon-tests-bicep-" + Guid.NewGuid().ToString("N"));

    public CompiledTemplatesFixture()
    {
        Directory.CreateDirectory(_outputFolder);
        var infra = Path.Combine(BicepCli.RepositoryRoot, "infra");
        Main = ArmScope.Root(BicepCli.Build(Path.Combine(infra, "main.bicep"), _outputFolder), "main");
        EventGrid = ArmScope.Root(BicepCli.Build(Path.Combine(infra, "eventgrid.bicep"), _outputFolder), "eventgrid");
    }

    internal ArmScope Main { get; }

    internal ArmScope EventGrid { get; }

    public void Dispose() => Directory.Delete(_outputFolder, recursive: true);
}
