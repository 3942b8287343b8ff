namespace Edge.Dicom.Network;

/// <summary>Command Field (0000,0100) values of the composite services (PS3.7 E.1); responses have bit 15 set.</summary>
public enum CommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CGetRequest = 0x0010,
    CGetResponse = 0x8010,
    CFindRequest = 0x0020,
    CFindResponse = 0x8020,
    CMoveRequest = 0x0021,
    CMoveResponse = 0x8021,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    CCancelRequest = 0x0FFF,
}

/// <summary>Priority (0000,0700) of a C-STORE, C-FIND, C-GET or C-MOVE request.</summary>
public enum DimsePriority : ushort
{
    Medium = 0x0000,
    High = 0x0001,
    Low = 0x0002,
}
