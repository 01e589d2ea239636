using Microsoft.Azure.Functions.Worker;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis;

/// <summary>
/// Analyzes each article blob when it is created. The Event Grid source is the only blob trigger source on Flex
/// Consumption; the Event Grid subscription targets <c>Host.Functions.AnalyzeArticle</c>.
/// </summary>
internal sealed class AnalyzeArticleFunction(ArticleAnalysisStage stage)
{
    [Function(nameof(AnalyzeArticle))]
    public Task AnalyzeArticle(
        [BlobTrigger(
            StorageNames.ArticlesContainer + "/{name}",
            Source = BlobTriggerSource.EventGrid,
            Connection = SettingNames.StorageConnection)]
        string articleJson,
        string name,
        CancellationToken cancellationToken) =>
        stage.AnalyzeAsync(name, articleJson, cancellationToken);
}
