using System.Collections.Frozen;
using System.Globalization;
using Edge.Deid.Rules;
using Edge.Dicom.Data;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Deid.Profiles;

/// <summary>A profile file that cannot be used: the message names the file, line and problem.</summary>
public sealed class ProfileException(string message) : Exception(message);

/// <summary>
/// Loads profiles from YAML or JSON files (JSON is read as YAML, which it is a subset of), validating every key and
/// value. Unknown keys are refused with the nearest known one suggested, so a typo never silently weakens a profile.
/// </summary>
/// <example>
/// name: cardio-2026
/// extends: research-default
/// options: [RetainDeviceIdentity]
/// pseudonym: { prefix: CARD, length: 10 }
/// dates: { shiftMinDays: -1000, shiftMaxDays: -400, shiftTimes: true, birthDate: year }
/// cleanPixelData: true
/// pixels: { mask: outsideAnatomy, riskyImageTypes: [SCREEN, SECONDARY], minConfidence: 70, templates: us-regions.json }
/// overrides:
///   - { keyword: BodyPartExamined, action: map, map: { CHEST: THORAX, LUNG: THORAX }, default: OTHER }
///   - { keyword: PatientAge, action: ageBand, bands: [18, 40, 65, 90] }
/// </example>
public static class ProfileLoader
{
    private static readonly string[] s_topKeys = ["name", "extends", "options", "pseudonym", "dates", "cleanPixelData", "pixels", "overrides", "table"];
    private static readonly string[] s_pseudonymKeys = ["prefix", "length"];
    private static readonly string[] s_dateKeys = ["shiftMinDays", "shiftMaxDays", "shiftTimes", "birthDate"];
    private static readonly string[] s_pixelKeys = ["mask", "riskyImageTypes", "imageTypeRuleOnCtMr", "edgeCheck", "minConfidence", "templates"];
    private static readonly string[] s_overrideKeys = ["tag", "keyword", "action", "value", "bands", "map", "default"];

    private static readonly Dictionary<string, DeidOption> s_optionNames = BuildOptionNames();

    /// <summary>A built-in profile by name, or a profile file by path.</summary>
    public static DeidProfile Resolve(string nameOrPath)
    {
        if (BuiltInProfiles.Find(nameOrPath) is { } builtIn)
        {
            return builtIn;
        }
        if (!File.Exists(nameOrPath))
        {
            throw new ProfileException($"{nameOrPath}: no such built-in profile ({string.Join(", ", BuiltInProfiles.All.Select(p => p.Name))}) or profile file");
        }
        return Load(nameOrPath);
    }

    public static DeidProfile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileException($"{path}: cannot read: {ex.Message}");
        }
        return Parse(text, path);
    }

    public static DeidProfile Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ProfileException($"{source}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML or JSON: {ex.InnerException?.Message ?? ex.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ProfileException($"{source}:1: a profile is one mapping (keys name, options, ...)");
        }
        return new Reader(source).Read(root);
    }

    private static Dictionary<string, DeidOption> BuildOptionNames()
    {
        var names = new Dictionary<string, DeidOption>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in Enum.GetValues<DeidOption>())
        {
            names[o.ToString()] = o;
        }
        // The table's own column names are accepted too.
        names["rtnSafePrivOpt"] = DeidOption.RetainSafePrivate;
        names["rtnUIDsOpt"] = DeidOption.RetainUids;
        names["rtnDevIdOpt"] = DeidOption.RetainDeviceIdentity;
        names["rtnInstIdOpt"] = DeidOption.RetainInstitutionIdentity;
        names["rtnPatCharsOpt"] = DeidOption.RetainPatientCharacteristics;
        names["rtnLongFullDatesOpt"] = DeidOption.RetainLongitudinalFullDates;
        names["rtnLongModifDatesOpt"] = DeidOption.RetainLongitudinalModifiedDates;
        names["cleanDescOpt"] = DeidOption.CleanDescriptors;
        names["cleanStructContOpt"] = DeidOption.CleanStructuredContent;
        names["cleanGraphOpt"] = DeidOption.CleanGraphics;
        return names;
    }

    private sealed class Reader(string source)
    {
        public DeidProfile Read(YamlMappingNode root)
        {
            CheckKeys(root, s_topKeys, "profile");
            var baseProfile = BuiltInProfiles.Basic;
            if (Get(root, "extends") is { } ext)
            {
                var name = Scalar(ext, "extends");
                baseProfile = BuiltInProfiles.Find(name) ?? throw Error(ext, $"extends '{name}': only built-in profiles can be extended ({string.Join(", ", BuiltInProfiles.All.Select(p => p.Name))})");
            }
            var nameNode = Get(root, "name") ?? throw Error(root, "the profile needs a name");
            var profileName = Scalar(nameNode, "name");
            if (profileName.Length is 0 or > 40 || profileName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw Error(nameNode, $"name '{profileName}': 1 to 40 letters, digits, '-', '_' or '.'");
            }

            var options = new HashSet<DeidOption>(baseProfile.Options);
            if (Get(root, "options") is { } opts)
            {
                foreach (var item in Sequence(opts, "options"))
                {
                    var o = Scalar(item, "option");
                    if (!s_optionNames.TryGetValue(o, out var option))
                    {
                        throw Error(item, $"unknown option '{o}'{Suggest(o, Enum.GetNames<DeidOption>())}");
                    }
                    options.Add(option);
                }
            }
            if (options.Contains(DeidOption.RetainLongitudinalFullDates) && options.Contains(DeidOption.RetainLongitudinalModifiedDates))
            {
                throw Error(root, "RetainLongitudinalFullDates and RetainLongitudinalModifiedDates exclude each other");
            }

            var edition = baseProfile.TableEdition;
            if (Get(root, "table") is { } tableNode)
            {
                edition = Scalar(tableNode, "table");
                if (!ConfidentialityProfileTables.TryGet(edition, out _))
                {
                    throw Error(tableNode, $"table edition '{edition}' is not built in ({string.Join(", ", ConfidentialityProfileTables.All.Select(t => t.Edition))})");
                }
            }

            string prefix = baseProfile.PseudonymPrefix;
            int length = baseProfile.PseudonymLength;
            if (Get(root, "pseudonym") is { } pn)
            {
                var m = Mapping(pn, "pseudonym");
                CheckKeys(m, s_pseudonymKeys, "pseudonym");
                if (Get(m, "prefix") is { } p)
                {
                    prefix = Scalar(p, "prefix");
                    if (prefix.Length > 8 || prefix.Any(c => !(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_')))
                    {
                        throw Error(p, $"pseudonym prefix '{prefix}': at most 8 characters A-Z, 0-9, '-' or '_'");
                    }
                }
                if (Get(m, "length") is { } l)
                {
                    length = Int(l, "pseudonym length", 8, 26);
                }
            }

            int min = baseProfile.DateShiftMinDays, max = baseProfile.DateShiftMaxDays;
            var shiftTimes = baseProfile.ShiftTimes;
            var birth = baseProfile.BirthDate;
            if (Get(root, "dates") is { } dn)
            {
                var m = Mapping(dn, "dates");
                CheckKeys(m, s_dateKeys, "dates");
                if (Get(m, "shiftMinDays") is { } a)
                {
                    min = Int(a, "shiftMinDays", -36500, 36500);
                }
                if (Get(m, "shiftMaxDays") is { } b)
                {
                    max = Int(b, "shiftMaxDays", -36500, 36500);
                }
                if (min > max)
                {
                    throw Error(m, $"shiftMinDays ({min}) is above shiftMaxDays ({max})");
                }
                if (Get(m, "shiftTimes") is { } t)
                {
                    shiftTimes = Bool(t, "shiftTimes");
                }
                if (Get(m, "birthDate") is { } bd)
                {
                    var v = Scalar(bd, "birthDate");
                    birth = Enum.TryParse<BirthDateHandling>(v, ignoreCase: true, out var h)
                        ? h
                        : throw Error(bd, $"birthDate '{v}': one of empty, shift, year");
                }
            }

            var cleanPixels = baseProfile.CleanPixelData;
            if (Get(root, "cleanPixelData") is { } cp)
            {
                cleanPixels = Bool(cp, "cleanPixelData");
            }
            var pixels = Get(root, "pixels") is { } px ? ReadPixelPolicy(Mapping(px, "pixels"), baseProfile.Pixels) : baseProfile.Pixels;

            var overrides = new List<ProfileOverride>(baseProfile.Overrides);
            if (Get(root, "overrides") is { } ov)
            {
                foreach (var item in Sequence(ov, "overrides"))
                {
                    overrides.Add(ReadOverride(Mapping(item, "override")));
                }
            }

            return ProfileCanon.WithHash(new DeidProfile
            {
                Name = profileName,
                TableEdition = edition,
                Options = options.ToFrozenSet(),
                PseudonymPrefix = prefix,
                PseudonymLength = length,
                DateShiftMinDays = min,
                DateShiftMaxDays = max,
                ShiftTimes = shiftTimes,
                BirthDate = birth,
                CleanPixelData = cleanPixels,
                Pixels = pixels,
                Overrides = overrides,
            });
        }

        private PixelPolicy ReadPixelPolicy(YamlMappingNode m, PixelPolicy basePolicy)
        {
            CheckKeys(m, s_pixelKeys, "pixels");
            var policy = basePolicy;
            if (Get(m, "mask") is { } mask)
            {
                var v = Scalar(mask, "mask");
                policy = policy with
                {
                    Mask = Enum.GetValues<PixelTextScope>().Where(e => e.ToString().Equals(v, StringComparison.OrdinalIgnoreCase)).Select(e => (PixelTextScope?)e).FirstOrDefault()
                        ?? throw Error(mask, $"mask '{v}': one of identifiers, outsideAnatomy, allText"),
                };
            }
            if (Get(m, "riskyImageTypes") is { } risky)
            {
                policy = policy with { RiskyImageTypes = Sequence(risky, "riskyImageTypes").Select(n => Scalar(n, "image type").Trim().ToUpperInvariant()).ToList() };
            }
            if (Get(m, "imageTypeRuleOnCtMr") is { } ctmr)
            {
                policy = policy with { ImageTypeRuleOnCtMr = Bool(ctmr, "imageTypeRuleOnCtMr") };
            }
            if (Get(m, "edgeCheck") is { } edge)
            {
                policy = policy with { EdgeCheck = Bool(edge, "edgeCheck") };
            }
            if (Get(m, "minConfidence") is { } confidence)
            {
                policy = policy with { MinConfidence = Int(confidence, "minConfidence", 0, 100) };
            }
            if (Get(m, "templates") is { } templates)
            {
                var path = Scalar(templates, "templates");
                // A relative path is read beside the profile file, as an operator keeps them together.
                if (!Path.IsPathRooted(path) && File.Exists(source))
                {
                    path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, path);
                }
                if (!File.Exists(path))
                {
                    throw Error(templates, $"templates file '{path}' does not exist");
                }
                policy = policy with { TemplatesFile = Path.GetFullPath(path) };
            }
            return policy;
        }

        private ProfileOverride ReadOverride(YamlMappingNode m)
        {
            CheckKeys(m, s_overrideKeys, "override");
            var (tag, mask) = ReadSelector(m);
            var actionNode = Get(m, "action") ?? throw Error(m, "an override needs an action (keep, remove, empty, constant, hash, dateShift, ageBand, map)");
            var actionText = Scalar(actionNode, "action");
            OverrideKind kind = actionText.ToLowerInvariant() switch
            {
                "keep" => OverrideKind.Keep,
                "remove" => OverrideKind.Remove,
                "empty" => OverrideKind.Empty,
                "constant" => OverrideKind.Constant,
                "hash" => OverrideKind.Hash,
                "dateshift" => OverrideKind.DateShift,
                "ageband" => OverrideKind.AgeBand,
                "map" => OverrideKind.MapTable,
                _ => throw Error(actionNode, $"unknown action '{actionText}'{Suggest(actionText, ["keep", "remove", "empty", "constant", "hash", "dateShift", "ageBand", "map"])}"),
            };
            var o = new ProfileOverride(tag, mask, kind);
            switch (kind)
            {
                case OverrideKind.Constant:
                    o = o with { Value = Scalar(Get(m, "value") ?? throw Error(m, "a constant override needs a value"), "value") };
                    break;
                case OverrideKind.AgeBand:
                {
                    var bandsNode = Get(m, "bands") ?? throw Error(m, "an ageBand override needs bands, e.g. [18, 40, 65, 90]");
                    var bands = Sequence(bandsNode, "bands").Select(b => Int(b, "band", 0, 150)).ToList();
                    if (bands.Count == 0 || bands.Zip(bands.Skip(1)).Any(p => p.First >= p.Second))
                    {
                        throw Error(bandsNode, "bands must be increasing ages in years");
                    }
                    o = o with { Bands = bands };
                    break;
                }
                case OverrideKind.MapTable:
                {
                    var mapNode = Mapping(Get(m, "map") ?? throw Error(m, "a map override needs a map of value: replacement"), "map");
                    var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var (k, v) in mapNode.Children)
                    {
                        map[Scalar(k, "map key")] = Scalar(v, "map value");
                    }
                    o = o with { Map = map, MapDefault = Get(m, "default") is { } d ? Scalar(d, "default") : null };
                    break;
                }
            }
            return o;
        }

        private (DicomTag Tag, uint Mask) ReadSelector(YamlMappingNode m)
        {
            if (Get(m, "tag") is { } t)
            {
                var text = Scalar(t, "tag").Trim().TrimStart('(').TrimEnd(')').Replace(",", "", StringComparison.Ordinal).ToUpperInvariant();
                if (text.Length != 8)
                {
                    throw Error(t, $"tag '{Scalar(t, "tag")}': write (gggg,eeee), x allowed for repeating groups, e.g. (60xx,3000)");
                }
                uint value = 0, mask = 0;
                foreach (var c in text)
                {
                    value <<= 4;
                    mask <<= 4;
                    if (c == 'X')
                    {
                        continue;
                    }
                    if (!char.IsAsciiHexDigit(c))
                    {
                        throw Error(t, $"tag '{Scalar(t, "tag")}': '{c}' is not a hexadecimal digit");
                    }
                    value |= (uint)Convert.ToInt32(c.ToString(), 16);
                    mask |= 0xF;
                }
                return (new DicomTag(value), mask);
            }
            if (Get(m, "keyword") is { } k)
            {
                var keyword = Scalar(k, "keyword");
                var entry = DicomDictionary.Lookup(keyword);
                if (entry is null)
                {
                    throw Error(k, $"keyword '{keyword}' is not in the DICOM dictionary{Suggest(keyword, DicomDictionary.Entries.Select(e => e.Keyword).Where(w => w.Length > 0))}");
                }
                return (entry.Tag, entry.Mask);
            }
            throw Error(m, "an override selects elements with tag: (gggg,eeee) or keyword: Name");
        }

        private YamlNode? Get(YamlMappingNode m, string key) =>
            m.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

        private void CheckKeys(YamlMappingNode m, string[] known, string where)
        {
            foreach (var key in m.Children.Keys)
            {
                var k = key is YamlScalarNode s ? s.Value ?? "" : "";
                if (!known.Contains(k, StringComparer.Ordinal))
                {
                    throw Error(key, $"unknown key '{k}' in {where}{Suggest(k, known)}; known keys: {string.Join(", ", known)}");
                }
            }
        }

        private string Scalar(YamlNode n, string what) =>
            n is YamlScalarNode s ? s.Value ?? "" : throw Error(n, $"{what} must be a single value");

        private YamlMappingNode Mapping(YamlNode n, string what) =>
            n as YamlMappingNode ?? throw Error(n, $"{what} must be a mapping (key: value)");

        private IEnumerable<YamlNode> Sequence(YamlNode n, string what) =>
            n as YamlSequenceNode ?? throw Error(n, $"{what} must be a list");

        private int Int(YamlNode n, string what, int min, int max)
        {
            var s = Scalar(n, what);
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            {
                throw Error(n, $"{what} '{s}': a whole number from {min} to {max}");
            }
            return v;
        }

        private bool Bool(YamlNode n, string what)
        {
            var s = Scalar(n, what);
            return s.ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                _ => throw Error(n, $"{what} '{s}': true or false"),
            };
        }

        private ProfileException Error(YamlNode n, string problem) => new($"{source}:{n.Start.Line}:{n.Start.Column}: {problem}");

        private static string Suggest(string given, IEnumerable<string> known)
        {
            var best = known.Select(k => (k, d: Distance(given.ToLowerInvariant(), k.ToLowerInvariant()))).OrderBy(x => x.d).FirstOrDefault();
            return best.k is not null && best.d <= Math.Max(2, given.Length / 3) ? $" (did you mean '{best.k}'?)" : "";
        }

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
            }
            return d[a.Length, b.Length];
        }
    }
}
