import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-AWUDVUVM.js";
import "./chunk-BFDQRITQ.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
