namespace FlowGate.TestUtils;

/// <summary>
/// A small line diff (longest common subsequence) for snapshot failures: only the changed lines, in file order,
/// each with one line of context, so a reviewer sees where in the API a member moved or changed.
/// </summary>
public static class LineDiff
{
    public static string Render(string expected, string actual)
    {
        var before = expected.Split('\n');
        var after = actual.Split('\n');
        var common = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                common[i, j] = string.Equals(before[i], after[j], StringComparison.Ordinal)
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<(char Mark, string Text)>();
        int x = 0, y = 0;
        while (x < before.Length || y < after.Length)
        {
            if (x < before.Length && y < after.Length && string.Equals(before[x], after[y], StringComparison.Ordinal))
            {
                lines.Add((' ', before[x++]));
                y++;
            }
            else if (x < before.Length && (y == after.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                lines.Add(('-', before[x++]));
            }
            else
            {
                lines.Add(('+', after[y++]));
            }
        }

        var shown = new List<string>();
        for (var k = 0; k < lines.Count; k++)
        {
            var start = Math.Max(0, k - 1);
            var near = lines.Skip(start).Take(k + 2 - start).Any(l => l.Mark != ' ');
            if (near)
            {
                shown.Add($"{lines[k].Mark} {lines[k].Text}");
            }
        }

        return string.Join('\n', shown);
    }
}
