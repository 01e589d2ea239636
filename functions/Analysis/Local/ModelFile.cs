using System.IO.Compression;

namespace NewsMonitor.Analysis.Local;

/// <summary>Reading the analyzer's gzipped binary models (<see cref="EntityTagger"/>, <see cref="SentimentModel"/>).</summary>
internal static class ModelFile
{
    /// <summary>
    /// The whole model decompressed into memory, with a reader over it. A <see cref="BinaryReader"/> straight over a
    /// <see cref="GZipStream"/> asks the inflater for every 2- or 8-byte value: that took 0.3 of the 0.8 s of CPU that
    /// <c>newsmon analyze</c> of one sentence cost, in every newsmon command and every Functions cold start.
    /// </summary>
    public static BinaryReader OpenGzip(Stream compressed)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true))
        {
            gzip.CopyTo(buffer);
        }

        buffer.Position = 0;
        return new BinaryReader(buffer);
    }
}
