using System.Threading.Channels;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>An article the ingest has just stored, with the JSON it wrote.</summary>
internal sealed record FreshArticle(string BlobName, BinaryData Json);

/// <summary>
/// The in-memory hand-over of just-stored articles from the ingest to the analysis running alongside it within one
/// cycle (<see cref="LocalPipeline.RunCycleAsync"/>): as the Functions host starts a blob trigger for each blob as it
/// lands, newsmon analyzes each article while the feeds are still being read, without reading the article back or
/// probing for an earlier analysis (two of the four blob requests of an article: README, "Scale and cost").
/// </summary>
/// <remarks>
/// Bounded: a full hand-over makes the ingest wait, so memory holds at most <see cref="Capacity"/> articles however
/// many a run stores. Nothing depends on it for durability: every article offered has its backlog row written before
/// its blob, so one dropped here (no cycle open, the cycle closing, a crash) is analyzed from the backlog instead.
/// </remarks>
internal sealed class FreshArticles
{
    /// <summary>Articles waiting at most: a few per analysis worker, a few hundred KB.</summary>
    public const int Capacity = 64;

    private Channel<FreshArticle>? _open;

    /// <summary>Starts taking articles; the cycle reads them from the returned reader until <see cref="Close"/>.</summary>
    public ChannelReader<FreshArticle> Open()
    {
        var channel = Channel.CreateBounded<FreshArticle>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
        if (Interlocked.CompareExchange(ref _open, channel, null) is not null)
        {
            throw new InvalidOperationException("A cycle is already taking just-stored articles: cycles of one process run one at a time.");
        }

        return channel.Reader;
    }

    /// <summary>Stops taking articles; the reader ends once the ones already handed over are read.</summary>
    public void Close() => Interlocked.Exchange(ref _open, null)?.Writer.TryComplete();

    /// <summary>Hands the article over, waiting while the hand-over is full; does nothing when no cycle is taking articles.</summary>
    public async Task OfferAsync(FreshArticle article, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _open) is not { } channel)
        {
            return;
        }

        // False once closed: the article stays in the backlog, where the next pass finds it.
        while (await channel.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (channel.Writer.TryWrite(article))
            {
                return;
            }
        }
    }
}
