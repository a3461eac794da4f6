// socket.io's default parser, with room for a whole batch: its decoder refuses a message with more than 10
// binary attachments, and a "frames" batch carries one per frame. Same wire format, so any stock socket.io
// client is still a valid station. Up to twice the batch limit is decoded so that an oversized batch gets
// its `bad_payload` ack; a message beyond that is a protocol violation and closes the connection.
import { Decoder, Encoder } from 'socket.io-parser';
import { MAX_BATCH_FRAMES } from '../../shared/protocol/ingest';

class BatchDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: 2 * MAX_BATCH_FRAMES });
  }
}

export const socketParser = { Encoder, Decoder: BatchDecoder };
