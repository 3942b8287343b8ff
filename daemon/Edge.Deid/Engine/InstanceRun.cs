using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Engine;

public sealed partial class DeidEngine
{
    /// <summary>The state of de-identifying one instance: its patient, offsets, scrubber, counts and UID pairs.</summary>
    private sealed class InstanceRun
    {
        private readonly DeidEngine _engine;
        private readonly DeidProfile _profile;
        private readonly DicomFile _file;
        private readonly DicomDataset _root;
        private readonly WorkspaceKey _key;
        private readonly IodTypes.Family _family;
        private readonly string? _iod;
        private readonly TemporalShifter _shifter;
        private readonly Dictionary<string, string> _uids = new(StringComparer.Ordinal);
        private readonly List<UidMapping> _uidPairs = [];
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly PatientKey _patient;
        private readonly string _originalPatientId;
        private readonly string _originalPatientName;
        private readonly string _pseudonym;
        private TextScrubber? _scrubber;
        private bool _datesModified;

        public InstanceRun(DeidEngine engine, DicomFile file, WorkspaceKey key)
        {
            _engine = engine;
            _profile = engine.Profile;
            _file = file;
            var root = file.Dataset;
            _root = root;
            _key = key;
            _family = IodTypes.FamilyOf(root);
            _iod = IodTypes.IodOf(root);
            _originalPatientId = root.GetString(DicomTags.PatientID) ?? "";
            _originalPatientName = root.GetString(DicomTags.PatientName) ?? "";
            var issuer = root.GetString(DicomTags.IssuerOfPatientID) ?? "";
            var fallback = _originalPatientId.Length > 0
                ? ""
                : $"{root.GetString(DicomTags.PatientName)}\u001f{root.GetString(DicomTags.PatientBirthDate)}" is { Length: > 1 } nb
                    ? nb
                    : root.GetString(DicomTags.StudyInstanceUID) ?? "";
            _patient = new PatientKey(issuer, _originalPatientId, fallback);
            _pseudonym = key.PatientPseudonym(_patient, _profile.PseudonymPrefix, _profile.PseudonymLength);
            _shifter = new TemporalShifter(
                key.DateOffsetDays(_patient, _profile.DateShiftMinDays, _profile.DateShiftMaxDays),
                _profile.ShiftTimes ? key.TimeOffsetSeconds(_patient) : 0);
        }

        public DeidOutcome Execute()
        {
            var original = new
            {
                Name = _originalPatientName,
                Issuer = _patient.Issuer,
                BirthDate = _root.GetString(DicomTags.PatientBirthDate) ?? "",
                Study = _root.GetString(DicomTags.StudyInstanceUID) ?? "",
                Series = _root.GetString(DicomTags.SeriesInstanceUID) ?? "",
                Sop = _root.GetString(DicomTags.SOPInstanceUID) ?? "",
                Accession = _root.GetString(DicomTags.AccessionNumber) ?? "",
                StudyDate = _root.GetString(DicomTags.StudyDate) ?? "",
            };

            var identifiers = IdentifierCollector.Collect(_engine, _root);
            _scrubber = new TextScrubber(identifiers.All);
            // Before the header walk: triage reads the original attributes (Manufacturer, Image Type, ...).
            var pixels = RunPixelStage(identifiers);
            ProcessDataset(_root, PrivateTagPath.Root, depth: 0);
            ApplyPatientPseudonyms();
            RecordMethod(pixels);

            var mappings = new InstanceMappings(
                new PatientMapping(_originalPatientId, original.Issuer, original.Name, original.BirthDate, _pseudonym, _shifter.Days),
                original.Study, _root.GetString(DicomTags.StudyInstanceUID) ?? "",
                original.Accession, _root.GetString(DicomTags.AccessionNumber) ?? "",
                original.StudyDate, _root.GetString(DicomTags.StudyDate) ?? "",
                original.Series, _root.GetString(DicomTags.SeriesInstanceUID) ?? "",
                original.Sop, _root.GetString(DicomTags.SOPInstanceUID) ?? "",
                _uidPairs.Where(p => p.Original != original.Study && p.Original != original.Series && p.Original != original.Sop).ToList());
            return pixels.Status == PixelCleaningStatus.Held
                ? new DeidOutcome(DeidStatus.HeldForReview, "pixel data: " + pixels.Reason, mappings, _counts)
                : new DeidOutcome(DeidStatus.Deidentified, null, mappings, _counts);
        }

        private PixelCleaningResult RunPixelStage(IdentifierCollector identifiers)
        {
            if (_engine.PixelCleaner is not { } cleaner || !_root.Contains(DicomTags.PixelData))
            {
                return PixelCleaningResult.NotAtRisk;
            }
            var request = new PixelCleaningRequest(identifiers.ForPixels(), _profile.Pixels);
            var result = cleaner.Clean(_file, request);
            Count("pixels-" + result.Status.ToString().ToLowerInvariant());
            return result;
        }

        private void Count(string what) => _counts[what] = _counts.GetValueOrDefault(what) + 1;

        // ---- Walking ---------------------------------------------------------------------------------------

        private void ProcessDataset(DicomDataset ds, PrivateTagPath path, int depth)
        {
            var removedOverlayGroups = new HashSet<ushort>();
            foreach (var element in ds.Elements.ToArray())
            {
                var tag = element.Tag;
                if (tag.IsGroupLength || (tag.Group == 0x0002 && depth == 0) || tag.Group == 0xFFFE)
                {
                    ds.Remove(tag);
                    continue;
                }
                if (tag.IsPrivate)
                {
                    if (!tag.IsPrivateCreator)
                    {
                        ProcessPrivate(ds, element, path, depth);
                    }
                    continue;
                }
                var action = ResolveAction(ds, element, depth);
                Apply(ds, element, action, path, depth);
                if ((tag.Group & 0xFF00) is 0x6000 or 0x5000 && tag.Element == 0x3000 && !ds.Contains(tag))
                {
                    removedOverlayGroups.Add(tag.Group);
                }
            }
            // An overlay or curve without its data is an invalid module: take the whole group away with it.
            foreach (var group in removedOverlayGroups)
            {
                ds.RemoveAll(e => e.Tag.Group == group);
            }
            RemoveOrphanCreators(ds);
        }

        /// <summary>The action for a public element: override, pseudonymisation rule, table row with options, IOD type.</summary>
        private Resolved ResolveAction(DicomDataset ds, DicomElement element, int depth)
        {
            var tag = element.Tag;
            foreach (var o in _profile.Overrides)
            {
                if (o.Matches(tag))
                {
                    return new Resolved(Step.Override, o);
                }
            }
            if (tag == DicomTags.PatientID || tag == DicomTags.PatientName || tag == DicomTags.AccessionNumber || tag == DicomTags.StudyID)
            {
                return new Resolved(Step.Pseudonym, null);
            }
            if (tag == DicomTags.IssuerOfPatientID && depth == 0)
            {
                return new Resolved(Step.Pseudonym, null);
            }
            if (tag == DicomTags.PatientBirthDate && _profile.BirthDate != BirthDateHandling.Empty)
            {
                return new Resolved(Step.BirthDate, null);
            }
            var row = _engine.Table.Lookup(tag);
            if (row is null)
            {
                return new Resolved(Step.Table, null) { Action = DeidAction.Keep, Listed = false };
            }
            return new Resolved(Step.Table, null) { Action = ResolveCombination(_engine.OptionAction(row), tag), Listed = true };
        }

        private DeidAction ResolveCombination(DeidAction action, DicomTag tag)
        {
            var type = IodTypes.TypeOf(tag, _family, _iod);
            return action switch
            {
                // A removed attribute that this IOD requires (Type 2/2C) is emptied instead: same privacy, valid output.
                DeidAction.Remove when type == 1 => DeidAction.Dummy,
                DeidAction.Remove when type == 2 => DeidAction.Zero,
                DeidAction.RemoveOrZero => type is 1 or 2 ? DeidAction.Zero : DeidAction.Remove,
                DeidAction.RemoveOrDummy => type is 1 or 2 ? DeidAction.Dummy : DeidAction.Remove,
                DeidAction.ZeroOrDummy => type == 1 ? DeidAction.Dummy : DeidAction.Zero,
                DeidAction.RemoveZeroOrDummy => type switch { 1 => DeidAction.Dummy, 2 => DeidAction.Zero, _ => DeidAction.Remove },
                _ => action,
            };
        }

        private enum Step
        {
            Table,
            Override,
            Pseudonym,
            BirthDate,
        }

        private sealed record Resolved(Step Step, ProfileOverride? Override)
        {
            public DeidAction Action { get; init; }

            /// <summary>The element has a row in Table E.1-1.</summary>
            public bool Listed { get; init; }
        }

        private void Apply(DicomDataset ds, DicomElement element, Resolved r, PrivateTagPath path, int depth)
        {
            switch (r.Step)
            {
                case Step.Override:
                    ApplyOverride(ds, element, r.Override!, path, depth);
                    return;
                case Step.Pseudonym:
                    ApplyPseudonymRule(ds, element, depth);
                    return;
                case Step.BirthDate:
                    ApplyBirthDate(ds, element);
                    return;
            }
            var tag = element.Tag;
            switch (r.Action)
            {
                case DeidAction.Remove:
                    ds.Remove(tag);
                    Count("X");
                    return;
                case DeidAction.Zero:
                    ds.SetEmpty(tag, element.VR == DicomVR.UN ? DicomDictionary.ImplicitVR(tag) : element.VR);
                    Count("Z");
                    return;
                case DeidAction.Dummy:
                    ApplyDummy(ds, element, path, depth);
                    return;
                case DeidAction.ReplaceUid:
                    if (element is DicomSequence us)
                    {
                        ProcessItems(us, path, depth);
                    }
                    else
                    {
                        RemapUids(ds, element);
                    }
                    return;
                case DeidAction.RemoveZeroOrReplaceUid:
                    // Kept, with every UID inside replaced: references keep resolving within the de-identified set.
                    if (element is DicomSequence seq)
                    {
                        ProcessItems(seq, path, depth);
                        Count("U*");
                    }
                    else
                    {
                        RemapUids(ds, element);
                    }
                    return;
                case DeidAction.Clean:
                    ApplyClean(ds, element, path, depth);
                    return;
                default:
                    KeepWithPolicies(ds, element, path, depth, r.Listed);
                    return;
            }
        }

        private void ProcessItems(DicomSequence seq, PrivateTagPath path, int depth)
        {
            var inner = path.Enter(seq.Tag, null);
            foreach (var item in seq.Items)
            {
                ProcessDataset(item, inner, depth + 1);
            }
        }

        /// <summary>
        /// A kept element still obeys the instance-wide rules: sequences are walked, dates move when the profile modifies
        /// them, instance UIDs are replaced, and free text loses the patient's own identifiers.
        /// </summary>
        private void KeepWithPolicies(DicomDataset ds, DicomElement element, PrivateTagPath path, int depth, bool listed)
        {
            if (element is DicomSequence seq)
            {
                ProcessItems(seq, path, depth);
                return;
            }
            if (element is not DicomValueElement v || v.Data.IsBulk || v.Length == 0)
            {
                return;
            }
            var vr = EffectiveVR(v);
            if (ExceedsMultiplicity(v, vr))
            {
                // More binary values than the dictionary allows: the bytes are not what the tag says, and could hide
                // anything (a broken writer once folded whole elements into one). Not kept.
                ds.Remove(v.Tag);
                Count("malformed-removed");
                return;
            }
            switch (vr)
            {
                case DicomVR.DA or DicomVR.DT or DicomVR.TM when _profile.ModifiesDates:
                    ShiftTemporal(ds, v, vr);
                    return;
                case DicomVR.UI:
                    // An explicitly retained UID (an option's K, such as Device UID under Retain Device Identity) stays as is.
                    if (!listed && !_profile.Has(DeidOption.RetainUids) && !IsClassOrSchemeUid(v.Tag))
                    {
                        RemapUids(ds, v);
                    }
                    return;
                case DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN:
                    // An explicitly retained value (an option's K) is not scrubbed: the profile asked for it as is.
                    if (!listed)
                    {
                        ScrubText(ds, v, vr);
                    }
                    return;
            }
        }

        private static bool ExceedsMultiplicity(DicomValueElement v, DicomVR vr)
        {
            var size = vr.BinaryValueSize();
            if (size == 0 || v.Tag.IsPrivate || DicomDictionary.Lookup(v.Tag) is not { } entry)
            {
                return false;
            }
            // VM "1", "3", "2-2n", "1-n" ...: only a fixed upper bound can be exceeded.
            var max = entry.VM.Contains('n', StringComparison.Ordinal) ? int.MaxValue
                : int.TryParse(entry.VM.Split('-')[^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : int.MaxValue;
            return v.Length / size > max;
        }

        internal static DicomVR EffectiveVR(DicomValueElement v) =>
            v.VR == DicomVR.UN && !v.Tag.IsPrivate && DicomDictionary.Lookup(v.Tag) is { VRs.Length: > 0 } e ? e.VR : v.VR;

        // ---- Actions -----------------------------------------------------------------------------------------

        private void ApplyDummy(DicomDataset ds, DicomElement element, PrivateTagPath path, int depth)
        {
            if (element is DicomSequence seq)
            {
                ProcessItems(seq, path, depth);
                Count("D");
                return;
            }
            if (element is DicomValueElement { Length: 0 })
            {
                // An empty value identifies nothing and can be empty on purpose: Responsible Person (Type 2C) without a
                // value needs no Responsible Person Role, with a dummy it would. It stays empty.
                Count("Z");
                return;
            }
            var vr = element is DicomValueElement v ? EffectiveVR(v) : element.VR;
            if (vr == DicomVR.UI)
            {
                RemapUids(ds, element);
                return;
            }
            ds.SetBytes(element.Tag, vr, DummyValues.For(vr) ?? []);
            Count("D");
        }

        private void ApplyClean(DicomDataset ds, DicomElement element, PrivateTagPath path, int depth)
        {
            if (element is DicomSequence seq)
            {
                ProcessItems(seq, path, depth);
                Count("C");
                return;
            }
            if (element is not DicomValueElement v)
            {
                ds.Remove(element.Tag);
                Count("X");
                return;
            }
            var vr = EffectiveVR(v);
            switch (vr)
            {
                case DicomVR.DA or DicomVR.DT or DicomVR.TM:
                    if (_profile.ModifiesDates)
                    {
                        ShiftTemporal(ds, v, vr);
                    }
                    return;
                case DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN or DicomVR.CS:
                    ScrubText(ds, v, vr);
                    Count("C");
                    return;
                case DicomVR.UI:
                    RemapUids(ds, v);
                    return;
                case DicomVR.OB or DicomVR.OW or DicomVR.UN or DicomVR.OF or DicomVR.OD or DicomVR.OL:
                    // Overlay and curve bitmaps cannot be checked for burned-in text here: fail closed, remove them.
                    ds.Remove(v.Tag);
                    Count("X");
                    return;
                default:
                    // Numbers and codes carry no free text to clean.
                    return;
            }
        }

        private void ApplyPseudonymRule(DicomDataset ds, DicomElement element, int depth)
        {
            var tag = element.Tag;
            var value = element is DicomValueElement v ? ds.DecodeText(v) : "";
            if (tag == DicomTags.PatientID || tag == DicomTags.PatientName)
            {
                // Elsewhere than the patient's own, an ID or name that is not this patient's is replaced by its own hash.
                // Compared with the originals: the top-level ones are already pseudonymised when items are walked.
                var isThisPatient = depth == 0 || value.Length == 0
                    || (tag == DicomTags.PatientID ? value == _originalPatientId : value == _originalPatientName);
                var replacement = isThisPatient ? _pseudonym : _profile.PseudonymPrefix + _key.HashText("other-patient", value, _profile.PseudonymLength);
                ds.SetString(tag, tag == DicomTags.PatientName ? DicomVR.PN : DicomVR.LO, replacement);
                Count("pseudonym");
                return;
            }
            if (tag == DicomTags.IssuerOfPatientID)
            {
                ds.SetString(tag, DicomVR.LO, _key.Workspace.Length > 64 ? _key.Workspace[..64] : _key.Workspace);
                Count("pseudonym");
                return;
            }
            // AccessionNumber and StudyID: keyed hashes that fit SH (16 characters); empty stays empty (Type 2).
            if (value.Length == 0)
            {
                ds.SetEmpty(tag, DicomVR.SH);
                return;
            }
            var purpose = tag == DicomTags.AccessionNumber ? "accession" : "study-id";
            ds.SetString(tag, DicomVR.SH, _key.HashText(purpose, value, 16));
            Count("pseudonym");
        }

        /// <summary>Called after the walk so top-level patient identifiers exist even when the source lacked them.</summary>
        private void ApplyPatientPseudonyms()
        {
            if (!_root.Contains(DicomTags.PatientID))
            {
                _root.SetString(DicomTags.PatientID, DicomVR.LO, _pseudonym);
            }
            if (!_root.Contains(DicomTags.PatientName))
            {
                _root.SetString(DicomTags.PatientName, DicomVR.PN, _pseudonym);
            }
        }

        private void ApplyBirthDate(DicomDataset ds, DicomElement element)
        {
            if (element is not DicomValueElement v || v.Length == 0)
            {
                return;
            }
            var value = ds.DecodeText(v);
            string? result = _profile.BirthDate switch
            {
                BirthDateHandling.Shift => _shifter.ShiftDate(value),
                BirthDateHandling.Year when value.Length >= 4 && value[..4].All(char.IsAsciiDigit) => value[..4] + "0101",
                _ => null,
            };
            if (result is null)
            {
                ds.SetEmpty(element.Tag, DicomVR.DA);
                Count("Z");
                return;
            }
            ds.SetString(element.Tag, DicomVR.DA, result);
            _datesModified = true;
            Count("date-shifted");
        }

        private void ApplyOverride(DicomDataset ds, DicomElement element, ProfileOverride o, PrivateTagPath path, int depth)
        {
            var tag = element.Tag;
            var v = element as DicomValueElement;
            var vr = v is not null ? EffectiveVR(v) : element.VR;
            var text = v is not null && vr.IsString() && !v.Data.IsBulk ? ds.DecodeText(v) : null;
            switch (o.Kind)
            {
                case OverrideKind.Keep:
                    if (element is DicomSequence s)
                    {
                        ProcessItems(s, path, depth);
                    }
                    break;
                case OverrideKind.Remove:
                    ds.Remove(tag);
                    break;
                case OverrideKind.Empty:
                    ds.SetEmpty(tag, vr);
                    break;
                case OverrideKind.Constant:
                    ds.SetString(tag, vr.IsString() ? vr : DicomVR.LO, o.Value ?? "");
                    break;
                case OverrideKind.Hash:
                    if (text is null)
                    {
                        ds.Remove(tag);
                        break;
                    }
                    var max = vr.MaxValueLength() is > 0 and var m ? Math.Min(m, 26) : 26;
                    ds.SetString(tag, vr, _key.HashText("override:" + tag, text, max));
                    break;
                case OverrideKind.DateShift:
                    if (v is not null)
                    {
                        ShiftTemporal(ds, v, vr);
                    }
                    break;
                case OverrideKind.AgeBand:
                    ds.SetString(tag, vr, AgeBand(text, o.Bands) ?? "");
                    break;
                case OverrideKind.MapTable:
                    if (text is not null && o.Map.TryGetValue(text, out var mapped))
                    {
                        ds.SetString(tag, vr, mapped);
                    }
                    else if (o.MapDefault is not null)
                    {
                        ds.SetString(tag, vr, o.MapDefault);
                    }
                    else
                    {
                        ds.Remove(tag);
                    }
                    break;
            }
            Count("override");
        }

        /// <summary>"045Y" with bands [18, 40, 65, 90] gives "040-064"; beyond the last band "090+". Text for AS is not AS-valid, so bands use the lower bound as AS: "040Y".</summary>
        private static string? AgeBand(string? value, IReadOnlyList<int> bands)
        {
            if (value is null)
            {
                return null;
            }
            var digits = new string(value.TakeWhile(char.IsAsciiDigit).ToArray());
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }
            var unit = value.Length > digits.Length ? char.ToUpperInvariant(value[digits.Length]) : 'Y';
            var years = unit switch { 'Y' => n, 'M' => n / 12, 'W' => n / 52, 'D' => n / 365, _ => n };
            var lower = 0;
            foreach (var b in bands)
            {
                if (years < b)
                {
                    break;
                }
                lower = b;
            }
            return lower.ToString("D3", CultureInfo.InvariantCulture) + "Y";
        }

        private void ShiftTemporal(DicomDataset ds, DicomValueElement v, DicomVR vr)
        {
            var value = ds.DecodeText(v);
            if (value.Length == 0)
            {
                return;
            }
            var shifted = vr switch
            {
                DicomVR.DA => _shifter.ShiftDate(value),
                DicomVR.DT => _shifter.ShiftDateTime(value),
                _ => _profile.ShiftTimes ? _shifter.ShiftTime(value) : value,
            };
            if (shifted is null)
            {
                // A date that cannot be read cannot be shifted: it is emptied, never kept as it was.
                ds.SetEmpty(v.Tag, vr);
                Count("unreadable-date-emptied");
                return;
            }
            ds.SetString(v.Tag, vr, shifted);
            _datesModified = true;
            Count(vr == DicomVR.TM ? "time-shifted" : "date-shifted");
        }

        private void ScrubText(DicomDataset ds, DicomValueElement v, DicomVR vr)
        {
            if (_scrubber is null)
            {
                return;
            }
            var text = ds.DecodeText(v);
            var cleaned = _scrubber.Scrub(text);
            if (!ReferenceEquals(cleaned, text) && cleaned != text)
            {
                var max = vr.MaxValueLength();
                if (max > 0 && vr != DicomVR.PN)
                {
                    cleaned = string.Join('\\', cleaned.Split('\\').Select(p => p.Length > max ? p[..max] : p));
                }
                ds.SetString(v.Tag, vr, cleaned);
                Count("text-scrubbed");
            }
        }

        // ---- UIDs --------------------------------------------------------------------------------------------

        private void RemapUids(DicomDataset ds, DicomElement element)
        {
            if (element is not DicomValueElement v || v.Length == 0 || v.Data.IsBulk)
            {
                return;
            }
            var values = ds.DecodeText(v).Split('\\');
            var changed = false;
            for (var i = 0; i < values.Length; i++)
            {
                var uid = values[i].Trim(' ', '\0');
                // Registry UIDs never change; placeholders such as "0" name nothing and say nothing.
                if (uid.Length == 0 || IsRegistryUid(uid) || (uid.Length < 8 && uid.All(char.IsAsciiDigit)))
                {
                    continue;
                }
                values[i] = MapUid(uid, v.Tag);
                changed = true;
            }
            if (changed)
            {
                ds.SetString(v.Tag, DicomVR.UI, string.Join('\\', values));
                Count("U");
            }
        }

        private string MapUid(string uid, DicomTag tag)
        {
            if (!_uids.TryGetValue(uid, out var mapped))
            {
                mapped = _key.MapUid(uid);
                _uids[uid] = mapped;
                _uidPairs.Add(new UidMapping(uid, mapped, DicomDictionary.KeywordOf(tag)));
            }
            return mapped;
        }

        /// <summary>UIDs of the DICOM registry (SOP classes, syntaxes, coding schemes, ...) never change.</summary>
        private static bool IsRegistryUid(string uid) => uid.StartsWith("1.2.840.10008.", StringComparison.Ordinal);

        /// <summary>
        /// Elements whose UIDs name a coding scheme, a context group or a mapping resource: public vocabularies, never an
        /// instance or a site. Class UIDs are not here: a private SOP class UID can carry a site's root, so outside the
        /// DICOM registry it is replaced like any other, consistently, wherever it occurs.
        /// </summary>
        private static bool IsClassOrSchemeUid(DicomTag tag) => tag.Value is 0x0008010C or 0x0008010D or 0x00080117 or 0x00080118;

        // ---- Private elements --------------------------------------------------------------------------------

        private void ProcessPrivate(DicomDataset ds, DicomElement element, PrivateTagPath path, int depth)
        {
            var tag = element.Tag;
            var creator = ds.GetPrivateCreator(tag);
            var rule = _profile.Has(DeidOption.RetainSafePrivate) && creator is not null ? _engine.PrivateTags.Lookup(creator, tag, path) : null;
            var disposition = rule?.Disposition ?? PrivateDisposition.Delete;
            if (element is DicomSequence seq && disposition is PrivateDisposition.Keep or PrivateDisposition.NotApplicable)
            {
                var inner = path.Enter(tag, creator);
                foreach (var item in seq.Items)
                {
                    ProcessDataset(item, inner, depth + 1);
                }
                Count("private-kept");
                return;
            }
            if (element is not DicomValueElement v)
            {
                ds.Remove(tag);
                Count("private-removed");
                return;
            }
            var vr = v.VR == DicomVR.UN && rule is not null ? rule.VR : v.VR;
            switch (disposition)
            {
                case PrivateDisposition.Keep when !v.Data.IsBulk && vr == DicomVR.UI:
                    RemapUids(ds, v);
                    break;
                case PrivateDisposition.Keep:
                    if (!v.Data.IsBulk && vr is DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN)
                    {
                        ScrubText(ds, v, vr);
                    }
                    Count("private-kept");
                    break;
                case PrivateDisposition.HashUid when !v.Data.IsBulk && !_profile.Has(DeidOption.RetainUids):
                    RemapUids(ds, v);
                    break;
                case PrivateDisposition.HashUid:
                    Count("private-kept");
                    break;
                case PrivateDisposition.OffsetDate when !v.Data.IsBulk && vr is DicomVR.DA or DicomVR.DT or DicomVR.TM && (_profile.ModifiesDates || _profile.KeepsFullDates):
                    if (_profile.ModifiesDates)
                    {
                        ShiftTemporal(ds, v, vr);
                    }
                    break;
                case PrivateDisposition.OffsetInteger when !v.Data.IsBulk && v.Length == 4 && (_profile.ModifiesDates || _profile.KeepsFullDates):
                    if (_profile.ModifiesDates)
                    {
                        var seconds = BinaryPrimitives.ReadInt32LittleEndian(v.Data.Memory.Span);
                        var shifted = new byte[4];
                        BinaryPrimitives.WriteInt32LittleEndian(shifted, (int)Math.Clamp((long)seconds + ((long)_shifter.Days * 86400), int.MinValue, int.MaxValue));
                        ds.SetBytes(tag, v.VR, shifted);
                        Count("date-shifted");
                    }
                    break;
                default:
                    ds.Remove(tag);
                    Count("private-removed");
                    break;
            }
        }

        /// <summary>A private creator stays only while some element of its block does.</summary>
        private static void RemoveOrphanCreators(DicomDataset ds)
        {
            HashSet<uint>? used = null;
            foreach (var e in ds.Elements)
            {
                if (e.Tag.IsPrivateData && e.Tag.Element >> 8 >= 0x10)
                {
                    (used ??= []).Add(e.Tag.PrivateCreatorTag.Value);
                }
            }
            ds.RemoveAll(e => e.Tag.IsPrivateCreator && (used is null || !used.Contains(e.Tag.Value)));
        }

        // ---- Recording the process ---------------------------------------------------------------------------

        private void RecordMethod(PixelCleaningResult pixels)
        {
            _root.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES");
            var methods = _root.GetStrings(DicomTags.DeidentificationMethod).Where(m => m.Length > 0).ToList();
            var ours = _engine.MethodDescription;
            if (!methods.Contains(ours))
            {
                methods.Add(ours);
            }
            var cleaned = pixels.Status == PixelCleaningStatus.Cleaned;
            if (cleaned)
            {
                // A second value says how the frames were treated; LO holds 64 characters.
                var text = pixels.Regions.Count == 0
                    ? $"Pixels checked: nothing to mask ({pixels.Method})"
                    : $"Pixels masked: {pixels.Regions.Count} regions, {pixels.Method}";
                methods.Add(text.Length > 64 ? text[..64] : text);
                // Only this stage can vouch that no identifying text is left in the frames.
                _root.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "NO");
            }
            _root.SetStrings(DicomTags.DeidentificationMethod, DicomVR.LO, methods);

            var codes = _root.GetSequence(DicomTags.DeidentificationMethodCodeSequence) ?? new DicomSequence(DicomTags.DeidentificationMethodCodeSequence);
            var present = codes.Items.Select(i => i.GetString(DicomTags.CodeValue)).ToHashSet(StringComparer.Ordinal);
            var applied = new[] { DeidCodes.BasicProfile }.Concat(_profile.Options.OrderBy(o => o).Select(DeidCodes.For));
            foreach (var code in cleaned ? applied.Append(DeidCodes.CleanPixelData) : applied)
            {
                if (present.Add(code.Value))
                {
                    var item = new DicomDataset();
                    item.SetString(DicomTags.CodeValue, DicomVR.SH, code.Value);
                    item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, DeidCode.SchemeDesignator);
                    item.SetString(DicomTags.CodeMeaning, DicomVR.LO, code.Meaning);
                    codes.AddItem(item);
                }
            }
            _root.Set(codes);

            var temporal = _profile.KeepsFullDates ? "UNMODIFIED" : _profile.ModifiesDates && _datesModified ? "MODIFIED" : "REMOVED";
            _root.SetString(DicomTags.LongitudinalTemporalInformationModified, DicomVR.CS, temporal);
        }
    }
}
