import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-EYPM6QD2.js";
import "./chunk-MRCO45UQ.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
