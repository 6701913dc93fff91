using System.Text;

namespace FlowGate.Xgate.Supervisor;

/// <summary>The end of a log file, and following it as it grows.</summary>
internal static class LogTail
{
    public static IReadOnlyList<string> Last(string path, int lines)
    {
        if (!File.Exists(path) || lines <= 0)
        {
            return [];
        }

        var queue = new Queue<string>(lines);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (queue.Count == lines)
            {
                queue.Dequeue();
            }

            queue.Enqueue(line);
        }

        return [.. queue];
    }

    /// <summary>Writes what is appended to the files until cancelled, each line prefixed with its file's label when there are several.</summary>
    public static async Task FollowAsync(IReadOnlyList<(string Label, string Path)> files, TextWriter output, CancellationToken cancellationToken)
    {
        var offsets = files.Select(f => File.Exists(f.Path) ? new FileInfo(f.Path).Length : 0L).ToArray();
        var partial = new string[files.Count];
        Array.Fill(partial, string.Empty);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                for (var i = 0; i < files.Count; i++)
                {
                    var (label, path) = files[i];
                    if (!File.Exists(path))
                    {
                        continue;
                    }

                    var length = new FileInfo(path).Length;
                    if (length < offsets[i])
                    {
                        offsets[i] = 0;
                    }

                    if (length == offsets[i])
                    {
                        continue;
                    }

                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    stream.Seek(offsets[i], SeekOrigin.Begin);
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    var text = partial[i] + await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    offsets[i] = length;
                    var parts = text.Split('\n');
                    partial[i] = parts[^1];
                    foreach (var line in parts[..^1])
                    {
                        await output.WriteLineAsync(files.Count > 1 ? $"{label} | {line}" : line).ConfigureAwait(false);
                    }

                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C ends following.
        }
    }
}
