using Edge.Control.V1;
using Edge.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Edge.Control.Tests.Contracts;

public class ProtoLockTests
{
    private static string LockPath => Path.Combine(Corpus.RepoRoot, ProtoLock.RepoPath);

    [Fact]
    public void Given_the_committed_lock_When_compared_with_the_compiled_contract_Then_no_locked_line_changed_or_disappeared()
    {
        var breaks = ProtoLock.FindBreaks(File.ReadAllText(LockPath), ProtoLock.Generate(ControlContract.Files));

        breaks.Should().BeEmpty("the wire contract may grow but not change; add a new field or method instead");
    }

    [Fact]
    public void Given_the_committed_lock_When_regenerated_Then_it_already_records_every_addition()
    {
        var current = ProtoLock.Generate(ControlContract.Files);
        var committed = File.ReadAllText(LockPath);
        if (committed != current && Environment.GetEnvironmentVariable(ProtoLock.UpdateVariable) == "1"
            && ProtoLock.FindBreaks(committed, current).Count == 0)
        {
            File.WriteAllText(LockPath, current);
            committed = current;
        }

        committed.Should().Be(current, $"additions must be locked: run with {ProtoLock.UpdateVariable}=1");
    }

    [Fact]
    public void Given_a_field_number_reused_with_another_type_When_checked_Then_the_change_is_a_break()
    {
        var before = Lock(Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String)));
        var after = Lock(Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.Int64)));

        ProtoLock.FindBreaks(before, after).Should().ContainSingle()
            .Which.Should().Be("field test.v1.Workspace.1 changed from 'name string' to 'name int64'");
    }

    [Fact]
    public void Given_a_removed_field_When_checked_Then_the_removal_is_a_break()
    {
        var before = Lock(Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String),
            Field("ae_title", 2, FieldDescriptorProto.Types.Type.String)));
        var after = Lock(Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String)));

        ProtoLock.FindBreaks(before, after).Should().ContainSingle()
            .Which.Should().StartWith("field test.v1.Workspace.2 was removed");
    }

    [Fact]
    public void Given_a_field_made_repeated_When_checked_Then_it_is_a_break()
    {
        var before = Lock(Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String)));
        var after = Lock(Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String, repeated: true)));

        ProtoLock.FindBreaks(before, after).Should().ContainSingle().Which.Should().Contain("'name repeated string'");
    }

    [Fact]
    public void Given_an_enum_value_renumbered_When_checked_Then_it_is_a_break()
    {
        var before = Lock(Enum("State", ("STATE_UNSPECIFIED", 0), ("STATE_ACTIVE", 1), ("STATE_EXPIRED", 2)));
        var after = Lock(Enum("State", ("STATE_UNSPECIFIED", 0), ("STATE_ACTIVE", 2), ("STATE_EXPIRED", 3)));

        ProtoLock.FindBreaks(before, after).Should().BeEquivalentTo(
            "value test.v1.State.1 was removed (it was 'STATE_ACTIVE')",
            "value test.v1.State.2 changed from 'STATE_EXPIRED' to 'STATE_ACTIVE'");
    }

    [Fact]
    public void Given_new_fields_messages_and_enum_values_When_checked_Then_they_are_allowed()
    {
        var before = Lock(
            Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String)),
            Enum("State", ("STATE_UNSPECIFIED", 0)));
        var after = Lock(
            Message("Workspace", Field("name", 1, FieldDescriptorProto.Types.Type.String),
                Field("expires", 7, FieldDescriptorProto.Types.Type.Int64)),
            Message("Node", Field("ae_title", 1, FieldDescriptorProto.Types.Type.String)),
            Enum("State", ("STATE_UNSPECIFIED", 0), ("STATE_ACTIVE", 1)));

        ProtoLock.FindBreaks(before, after).Should().BeEmpty();
    }

    [Fact]
    public void Given_the_real_contract_When_locked_Then_it_records_field_types_enum_numbers_and_method_shapes()
    {
        var text = ProtoLock.Generate(ControlContract.Files);

        text.Should().Contain("field edge.control.v1.Workspace.6 retain_until message:google.protobuf.Timestamp\n")
            .And.Contain("field edge.control.v1.UpdateWorkspaceRequest.2 ae_title optional string\n")
            .And.Contain("field edge.control.v1.UpdateWorkspaceRequest.9 retain_until oneof:retention message:google.protobuf.Timestamp\n")
            .And.Contain("value edge.control.v1.Role.3 ROLE_AUDITOR\n")
            .And.Contain("extension google.protobuf.MethodOptions.51000 access message:edge.control.v1.AccessRule\n")
            .And.Contain("rpc edge.control.v1.Ingest.WatchIngest edge.control.v1.WatchIngestRequest -> stream edge.control.v1.IngestEvent\n");
    }

    private static string Lock(params IMessage[] types)
    {
        var file = new FileDescriptorProto { Name = "test/v1/test.proto", Package = "test.v1", Syntax = "proto3" };
        foreach (var type in types)
        {
            switch (type)
            {
                case DescriptorProto message:
                    file.MessageType.Add(message);
                    break;
                case EnumDescriptorProto enumType:
                    file.EnumType.Add(enumType);
                    break;
            }
        }
        return ProtoLock.Generate(FileDescriptor.BuildFromByteStrings([file.ToByteString()]));
    }

    private static DescriptorProto Message(string name, params FieldDescriptorProto[] fields)
    {
        var message = new DescriptorProto { Name = name };
        message.Field.Add(fields);
        return message;
    }

    private static FieldDescriptorProto Field(string name, int number, FieldDescriptorProto.Types.Type type, bool repeated = false) =>
        new()
        {
            Name = name,
            Number = number,
            Type = type,
            Label = repeated ? FieldDescriptorProto.Types.Label.Repeated : FieldDescriptorProto.Types.Label.Optional,
            JsonName = name,
        };

    private static EnumDescriptorProto Enum(string name, params (string Name, int Number)[] values)
    {
        var enumType = new EnumDescriptorProto { Name = name };
        enumType.Value.Add(values.Select(v => new EnumValueDescriptorProto { Name = v.Name, Number = v.Number }));
        return enumType;
    }
}
