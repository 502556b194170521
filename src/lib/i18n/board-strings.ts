// Importing this module makes the board screen's strings available to `t()`.
import { registerStrings } from '../i18n.ts';
import { enBoard, zhBoard } from './board.ts';

registerStrings(zhBoard, enBoard);
