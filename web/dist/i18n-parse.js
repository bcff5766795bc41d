import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-TMR6CQHG.js";
import "./chunk-2JJ7EDZB.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
